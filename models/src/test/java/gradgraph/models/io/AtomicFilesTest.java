package gradgraph.models.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.io.AtomicFiles;
import gradgraph.models.plot.Curves;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private static void assumePosix(Path dir) {
    assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix")
            && FileSystems.getDefault().equals(dir.getFileSystem()),
        "skipped: the file system of " + dir + " has no POSIX permissions");
  }

  private static Set<PosixFilePermission> perms(Path p) throws IOException {
    return Files.getPosixFilePermissions(p);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aNewFileGetsThePermissionsOfAnyNewFile() throws IOException {
    assumePosix(dir);
    Path ordinary = dir.resolve("ordinary.txt");
    try (var out = Files.newOutputStream(ordinary)) {
      out.write(1);
    }
    Path atomic = dir.resolve("atomic.txt");
    AtomicFiles.write(atomic, out -> out.write("hi".getBytes(StandardCharsets.UTF_8)));
    assertEquals(perms(ordinary), perms(atomic), "umask applied as to any new file");
    assertEquals("hi", Files.readString(atomic));
    Set<PosixFilePermission> p = perms(atomic);
    assertEquals(true, p.contains(PosixFilePermission.OWNER_READ), p.toString());
    assertEquals(true, p.contains(PosixFilePermission.OWNER_WRITE), p.toString());

    Path png = dir.resolve("curve.png");
    new Curves("c", "x", "y").add("s", 1, 1).add("s", 2, 3).writePng(png);
    assertEquals(perms(ordinary), perms(png), "Curves.writePng writes through AtomicFiles");
    assertEquals(List.of("atomic.txt", "curve.png", "ordinary.txt"), names(dir), "no temp left");
  }

  @Test
  void aReplacedFileKeepsItsPermissions() throws IOException {
    assumePosix(dir);
    for (String mode : new String[] {"rw-------", "rw-r-----", "rwxr-xr-x"}) {
      Path f = dir.resolve("f-" + mode);
      Files.writeString(f, "old");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
      AtomicFiles.write(f, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
      assertEquals("new", Files.readString(f));
      assertEquals(mode, PosixFilePermissions.toString(perms(f)));
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndItsPermissions() throws IOException {
    assumePosix(dir);
    Path f = dir.resolve("keep.txt");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    assertThrows(
        IOException.class,
        () ->
            AtomicFiles.write(
                f,
                out -> {
                  out.write(1);
                  throw new IOException("disk full");
                }));
    assertEquals("old", Files.readString(f));
    assertEquals("rw-r-----", PosixFilePermissions.toString(perms(f)));
    assertEquals(List.of("keep.txt"), names(dir));
  }
}
