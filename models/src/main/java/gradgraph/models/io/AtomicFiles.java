package gradgraph.models.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files atomically: the content goes to a temporary file in the same directory, is flushed
 * to the disk, and only then renamed over the target in one step. Readers see the old file or the
 * new one, never a half-written one; a crash or an exception mid-write leaves the old file as it
 * was and removes the temporary file (a crash of the JVM itself may leave a {@code .*.tmp} file
 * beside the target, never a damaged target).
 */
public final class AtomicFiles {
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
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    boolean done = false;
    try {
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

  /** Makes the rename durable where the platform allows opening a directory (Linux does). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not possible on this platform (e.g. Windows); the rename itself is still atomic
    }
  }
}
