package gradgraph.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Writes files atomically and only as regular files: the content goes to a temporary file in the
 * same directory, is flushed to the disk, and only then renamed over the target in one step.
 * Readers see the old file or the new one, never a half-written one; an exception mid-write leaves
 * the old file as it was and removes the temporary file.
 *
 * <p>What may be written: a regular file, or nothing yet. A symbolic link is written
 * <em>through</em>: its final target is the file replaced (the link stays a link, as {@code >} in a
 * shell would leave it). A directory, a device such as {@code /dev/null}, a pipe or a socket is
 * refused with a {@link FileSystemException} naming the path and what it is, before anything is
 * written; so is a regular file the process may not write.
 *
 * <p>Temporary files are named {@code .<target>.<pid>-<random>.tmp}. A JVM killed mid-write leaves
 * one behind; the next write to the same target removes those whose process is gone.
 *
 * <p>Permissions: a replaced file keeps its POSIX permissions (the temporary file is created
 * owner-only, given the old file's permissions, and only then renamed over it); a new file gets the
 * permissions any newly created file gets, {@code rw-rw-rw-} less the process's umask ({@code
 * rw-r--r--} under the usual umask 022), as {@link Files#newOutputStream} would give it.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_LINKS = 40; // as the Linux kernel's ELOOP limit
  private static final long PID = ProcessHandle.current().pid();

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
   * @param target the file to create or replace (or a symbolic link to it); its directory is
   *     created if needed
   * @param writer writes the content
   * @throws FileSystemException if the target is a directory, device, pipe or unwritable file
   * @throws IOException if writing or renaming fails; {@code target} is then unchanged
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path abs = checkWritable(target);
    Path dir = abs.getParent();
    removeStaleTemps(abs);
    Set<PosixFilePermission> keep = existingPermissions(abs);
    Path tmp = createTemp(dir, abs, keep == null);
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

  /**
   * Writes a text file atomically, in UTF-8.
   *
   * @param target the file to create or replace
   * @param text the content
   * @throws IOException as {@link #write(Path, Writer)}
   */
  public static void writeString(Path target, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(b));
  }

  /**
   * Checks, without writing anything, that {@link #write} could write a file: the target is a
   * regular file that may be written, or absent in a directory that exists (or can be created) and
   * may be written. Call it before long work whose result goes to the file, so that a bad path
   * fails in the first second rather than after the first epoch.
   *
   * @param target the file (or a symbolic link to it)
   * @return the file that a write will replace: the absolute path, with symbolic links followed
   * @throws FileSystemException naming the path and the reason when it cannot be written
   * @throws IOException if the file system cannot be read
   */
  public static Path checkWritable(Path target) throws IOException {
    Path abs = resolveLinks(target.toAbsolutePath());
    checkWritableDirectory(abs.getParent());
    BasicFileAttributes a = attributes(abs);
    if (a != null && !a.isRegularFile()) {
      throw new FileSystemException(
          abs.toString(), null, "is " + kind(a) + ", not a regular file; refusing to write it");
    }
    if (a != null && !Files.isWritable(abs)) {
      throw new FileSystemException(abs.toString(), null, "permission denied (read-only file)");
    }
    return abs;
  }

  /**
   * Checks, without writing a file, that a directory can hold output: it is a directory (created if
   * absent) in which files may be created.
   *
   * @param dir the directory
   * @return the same path
   * @throws FileSystemException naming the path and the reason when it cannot
   * @throws IOException if it cannot be created
   */
  public static Path checkWritableDirectory(Path dir) throws IOException {
    Path abs = resolveLinks(dir.toAbsolutePath());
    Path parent = abs.getParent();
    if (parent != null && attributes(abs) == null) {
      checkWritableDirectory(parent); // names the ancestor that is not a directory
    }
    BasicFileAttributes a = attributes(abs);
    if (a != null && !a.isDirectory()) {
      throw new FileSystemException(dir.toString(), null, "is " + kind(a) + ", not a directory");
    }
    if (a == null) {
      Files.createDirectories(abs);
    }
    if (!Files.isWritable(abs)) {
      throw new FileSystemException(
          dir.toString(), null, "permission denied (cannot create files in this directory)");
    }
    return dir;
  }

  /**
   * Follows symbolic links, also dangling ones (the file they name will be created), at most
   * {@value #MAX_LINKS} deep.
   */
  private static Path resolveLinks(Path abs) throws IOException {
    Path p = abs;
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == MAX_LINKS) {
        throw new FileSystemException(
            abs.toString(), null, "too many levels of symbolic links (a loop?)");
      }
      Path link = Files.readSymbolicLink(p);
      p = p.getParent().resolve(link).normalize();
    }
    return p;
  }

  /** The attributes of a path itself (links not followed), or null when nothing is there. */
  private static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    if (a.isRegularFile()) {
      return "a regular file";
    }
    // not regular, not a directory, not a link: a device, a pipe (FIFO) or a socket
    return "a device, pipe or socket";
  }

  private static String prefix(Path abs) {
    return "." + abs.getFileName() + ".";
  }

  /** Removes temporary files of this target whose writing process no longer runs. */
  private static void removeStaleTemps(Path abs) {
    String prefix = prefix(abs);
    try (DirectoryStream<Path> s = Files.newDirectoryStream(abs.getParent(), prefix + "*.tmp")) {
      for (Path p : s) {
        String middle = p.getFileName().toString();
        middle = middle.substring(prefix.length(), middle.length() - ".tmp".length());
        int dash = middle.indexOf('-');
        if (dash <= 0) {
          continue; // not one of ours
        }
        long pid;
        try {
          pid = Long.parseLong(middle.substring(0, dash));
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != PID
            && ProcessHandle.of(pid).isEmpty()
            && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      // cleaning up is a courtesy; the write itself does not depend on it
    }
  }

  /** The POSIX permissions of an existing regular file, or null (absent, or not POSIX). */
  private static Set<PosixFilePermission> existingPermissions(Path abs) throws IOException {
    if (!Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      return Files.getPosixFilePermissions(abs, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return null; // not a POSIX file system: nothing to keep
    }
  }

  /**
   * Creates an empty temporary file under a fresh name: owner-only when its permissions will be set
   * from the replaced file, otherwise the way any new file is created (from the umask).
   */
  private static Path createTemp(Path dir, Path abs, boolean asNewFile) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path tmp =
          dir.resolve(
              prefix(abs)
                  + PID
                  + "-"
                  + Long.toUnsignedString(RANDOM.nextLong(), Character.MAX_RADIX)
                  + ".tmp");
      try {
        if (asNewFile) {
          Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
              .close();
        } else {
          createOwnerOnly(tmp);
        }
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  private static void createOwnerOnly(Path tmp) throws IOException {
    try {
      Files.createFile(
          tmp,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
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
