package gradgraph.models.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Writes files atomically: the content goes to a temporary file in the same directory, is flushed
 * to the disk, and only then renamed over the target in one step. Readers see the old file or the
 * new one, never a half-written one; a crash or an exception mid-write leaves the old file as it
 * was and removes the temporary file (a crash of the JVM itself may leave a {@code .*.tmp} file
 * beside the target, never a damaged target).
 *
 * <p>Permissions: a replaced file keeps its POSIX permissions (the temporary file is created
 * owner-only, given the old file's permissions, and only then renamed over it); a new file gets the
 * permissions any newly created file gets, {@code rw-rw-rw-} less the process's umask ({@code
 * rw-r--r--} under the usual umask 022), as {@link Files#newOutputStream} would give it.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** Writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes the content.
     *
     * @param out the stream (buffered; closed by {@link AtomicFiles})
     * @throws IOException if writing fails, which aborts the whole write
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes a file atomically.
   *
   * @param target the file to create or replace; its directory is created if needed
   * @param writer writes the content
   * @throws IOException if writing or renaming fails; {@code target} is then unchanged
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Set<PosixFilePermission> keep = existingPermissions(abs);
    Path tmp = keep != null ? Files.createTempFile(dir, prefix(abs), ".tmp") : createNew(dir, abs);
    boolean done = false;
    try {
      if (keep != null) {
        Files.setPosixFilePermissions(tmp, keep);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
        writer.write(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      syncDirectory(dir);
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static String prefix(Path abs) {
    return "." + abs.getFileName() + ".";
  }

  /** The POSIX permissions of an existing regular file, or null (absent, or not POSIX). */
  private static Set<PosixFilePermission> existingPermissions(Path abs) throws IOException {
    if (!Files.isRegularFile(abs)) {
      return null;
    }
    try {
      return Files.getPosixFilePermissions(abs);
    } catch (UnsupportedOperationException e) {
      return null; // not a POSIX file system: nothing to keep
    }
  }

  /**
   * Creates an empty temporary file the way any new file is created (permissions from the umask),
   * under a fresh random name.
   */
  private static Path createNew(Path dir, Path abs) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          dir.resolve(
              prefix(abs) + Long.toUnsignedString(RANDOM.nextLong(), Character.MAX_RADIX) + ".tmp");
      try {
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /** Makes the rename durable where the platform allows opening a directory (Linux does). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not possible on this platform (e.g. Windows); the rename itself is still atomic
    }
  }
}
