package gradgraph.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link AtomicFiles} refuses to write, and what it writes through. */
class AtomicFilesSafetyTest {
  @TempDir Path dir;

  private static AtomicFiles.Writer text(String s) {
    return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
    Path real = dir.resolve("real.txt");
    Files.writeString(real, "old");
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("real.txt"));
    AtomicFiles.write(link, text("new"));
    assertTrue(Files.isSymbolicLink(link), "the link is still a link");
    assertEquals("new", Files.readString(real), "the file it names was replaced");
    assertEquals(List.of("link.txt", "real.txt"), names());
  }

  @Test
  void aDanglingLinkCreatesTheFileItNames() throws IOException {
    Path link = Files.createSymbolicLink(dir.resolve("link.txt"), Path.of("sub/later.txt"));
    AtomicFiles.writeString(link, "made");
    assertEquals("made", Files.readString(dir.resolve("sub/later.txt")));
    assertTrue(Files.isSymbolicLink(link));
  }

  @Test
  void aLinkLoopIsRefused() throws IOException {
    Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
    FileSystemException e =
        assertThrows(
            FileSystemException.class, () -> AtomicFiles.writeString(dir.resolve("a"), ""));
    assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
  }

  @Test
  void aDirectoryIsRefusedAndKept() throws IOException {
    Path d = Files.createDirectory(dir.resolve("ckpt"));
    Files.writeString(d.resolve("inside.txt"), "keep");
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.write(d, text("x")));
    assertTrue(e.getMessage().contains("is a directory, not a regular file"), e.getMessage());
    assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
    assertEquals("keep", Files.readString(d.resolve("inside.txt")));
    assertEquals(List.of("ckpt"), names(), "no temporary file left");
  }

  @Test
  void aDeviceIsRefused() {
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull), "skipped: no /dev/null on this system");
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.write(devNull, text("x")));
    assertTrue(e.getMessage().contains("a device, pipe or socket"), e.getMessage());
    FileSystemException viaLink =
        assertThrows(
            FileSystemException.class,
            () -> AtomicFiles.write(Files.createSymbolicLink(dir.resolve("n"), devNull), text("")));
    assertTrue(viaLink.getMessage().contains("/dev/null"), viaLink.getMessage());
  }

  @Test
  void aPipeIsRefused() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException noMkfifo) {
      assumeTrue(false, "skipped: no mkfifo command");
      return;
    }
    assumeTrue(p.waitFor() == 0 && Files.exists(fifo), "skipped: mkfifo failed");
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.checkWritable(fifo));
    assertTrue(e.getMessage().contains("a device, pipe or socket"), e.getMessage());
    assertFalse(Files.isRegularFile(fifo));
  }

  @Test
  void aFileUnderARegularFileIsRefused() throws IOException {
    Path plain = Files.writeString(dir.resolve("plain"), "data");
    FileSystemException e =
        assertThrows(
            FileSystemException.class, () -> AtomicFiles.checkWritable(plain.resolve("x.txt")));
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    FileSystemException d =
        assertThrows(FileSystemException.class, () -> AtomicFiles.checkWritableDirectory(plain));
    assertTrue(d.getMessage().contains("is a regular file") || d.getMessage().contains("not a"));
    assertEquals("data", Files.readString(plain));
  }

  @Test
  void staleTemporaryFilesOfDeadProcessesAreRemoved() throws IOException {
    long dead = Integer.MAX_VALUE - 1L; // above any pid_max: no such process
    Path stale = Files.writeString(dir.resolve(".out.txt." + dead + "-abc.tmp"), "junk");
    long self = ProcessHandle.current().pid();
    Path live = Files.writeString(dir.resolve(".out.txt." + self + "-def.tmp"), "mine");
    Path foreign = Files.writeString(dir.resolve(".out.txt.notours.tmp"), "other");
    Path otherTarget = Files.writeString(dir.resolve(".other.txt." + dead + "-x.tmp"), "x");
    AtomicFiles.writeString(dir.resolve("out.txt"), "ok");
    assertFalse(Files.exists(stale), "a dead process's temporary file is removed");
    assertTrue(Files.exists(live), "a live process's temporary file is kept");
    assertTrue(Files.exists(foreign), "a file not named as ours is kept");
    assertTrue(Files.exists(otherTarget), "another target's temporary file is left alone");
    assertEquals("ok", Files.readString(dir.resolve("out.txt")));
  }

  @Test
  void checkWritableReturnsTheFileAWriteReplaces() throws IOException {
    Path real = Files.writeString(dir.resolve("real"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertEquals(real.toAbsolutePath(), AtomicFiles.checkWritable(link));
    Path fresh = dir.resolve("new/deeper/file.bin");
    assertEquals(fresh.toAbsolutePath(), AtomicFiles.checkWritable(fresh));
    assertTrue(Files.isDirectory(fresh.getParent()), "its directory is created");
    assertFalse(Files.exists(fresh), "nothing is written");
  }
}
