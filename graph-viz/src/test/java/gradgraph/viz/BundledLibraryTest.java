package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled engine's native library: unpacked once into the cache directory, with its stack flag
 * cleared, so that a second JVM reuses the file and no JVM prints the "stack guard" warning.
 */
class BundledLibraryTest {
  private static final String LIB = "libj2v8_linux_x86_64.so";

  @TempDir Path dir;

  static boolean linuxX64() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
  }

  @Test
  void theLibraryIsUnpackedOnceAndLoadsWithoutTheStackGuardWarning() throws Exception {
    assumeTrue(linuxX64(), "the bundled library checked here is the x86-64 Linux one");
    Path cache = dir.resolve("cache");
    Path home = Files.createDirectories(dir.resolve("home"));

    String first = renderInChild(cache, home, dir.resolve("one.svg"));
    Path lib = onlyLibraryUnder(cache);
    Object inode = Files.getAttribute(lib, "unix:ino");
    FileTime mtime = Files.getLastModifiedTime(lib);
    assertFalse(BundledLibrary.wantsExecutableStack(lib), "the cached copy has its flag cleared");

    String second = renderInChild(cache, home, dir.resolve("two.svg"));
    assertEquals(lib, onlyLibraryUnder(cache));
    assertEquals(inode, Files.getAttribute(lib, "unix:ino"), "the second JVM reused the file");
    assertEquals(mtime, Files.getLastModifiedTime(lib), "and did not rewrite it");

    for (String out : new String[] {first, second}) {
      assertTrue(out.contains("rendered "), out);
      assertFalse(out.toLowerCase(Locale.ROOT).contains("stack guard"), out);
      assertFalse(out.contains("execstack"), out);
    }
    assertTrue(Files.readString(dir.resolve("two.svg")).contains("<svg"));
    try (Stream<Path> files = Files.walk(home)) {
      // (the JDK keeps its own font cache under ~/.java; J2V8 used to write its library here)
      List<Path> libs = files.filter(f -> f.getFileName().toString().contains("j2v8")).toList();
      assertEquals(List.of(), libs, "no library written into the home directory");
    }
  }

  @Test
  void theJarsLibraryAsksForAnExecutableStackWhichTheJvmWarnsAbout() throws Exception {
    assumeTrue(linuxX64(), "the bundled library checked here is the x86-64 Linux one");
    // the control for the test above: loaded as J2V8 would load it, the library draws the warning
    Path raw = dir.resolve(LIB);
    URL url = getClass().getClassLoader().getResource(LIB);
    try (InputStream in = url.openStream()) {
      Files.copy(in, raw, StandardCopyOption.REPLACE_EXISTING);
    }
    assertTrue(BundledLibrary.wantsExecutableStack(raw));
    String out = child("--load-raw", raw.toString());
    assertTrue(out.contains("loaded"), out);
    assertTrue(out.contains("stack guard"), out);

    assertTrue(BundledLibrary.clearExecutableStack(raw));
    assertFalse(BundledLibrary.wantsExecutableStack(raw));
    assertFalse(BundledLibrary.clearExecutableStack(raw), "already clear");
    out = child("--load-raw", raw.toString());
    assertTrue(out.contains("loaded"), out);
    assertFalse(out.contains("stack guard"), out);
  }

  @Test
  void aFileThatIsNotElfIsLeftAlone() throws Exception {
    Path f = Files.writeString(dir.resolve("lib.dylib"), "not an ELF file at all, just text....");
    assertFalse(BundledLibrary.clearExecutableStack(f));
    assertEquals("not an ELF file at all, just text....", Files.readString(f));
  }

  @Test
  void theCacheDirectoryFollowsThePropertyThenXdgThenHome() {
    String before = System.getProperty(BundledLibrary.CACHE_DIR_PROPERTY);
    try {
      System.setProperty(BundledLibrary.CACHE_DIR_PROPERTY, dir.resolve("c").toString());
      assertEquals(dir.resolve("c").toAbsolutePath(), BundledLibrary.cacheDir());
      System.clearProperty(BundledLibrary.CACHE_DIR_PROPERTY);
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path expected =
          xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
              ? Path.of(xdg, "gradgraph")
              : Path.of(System.getProperty("user.home"), ".cache", "gradgraph");
      assertEquals(expected, BundledLibrary.cacheDir());
    } finally {
      if (before == null) {
        System.clearProperty(BundledLibrary.CACHE_DIR_PROPERTY);
      } else {
        System.setProperty(BundledLibrary.CACHE_DIR_PROPERTY, before);
      }
    }
  }

  private static Path onlyLibraryUnder(Path cache) throws Exception {
    try (Stream<Path> files = Files.walk(cache)) {
      List<Path> libs = files.filter(Files::isRegularFile).toList();
      assertEquals(1, libs.size(), libs.toString());
      assertEquals(LIB, libs.get(0).getFileName().toString());
      return libs.get(0);
    }
  }

  private String renderInChild(Path cache, Path home, Path svg) throws Exception {
    return child(
        List.of(
            "-D" + BundledLibrary.CACHE_DIR_PROPERTY + "=" + cache,
            "-Duser.home=" + home,
            "-Duser.dir=" + dir),
        svg.toString());
  }

  private String child(String... args) throws Exception {
    return child(List.of(), args);
  }

  /** Runs {@link BundledRenderMain} in a new JVM; returns its stdout and stderr together. */
  private String child(List<String> jvmArgs, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BundledRenderMain.class.getName());
    cmd.addAll(List.of(args));
    Path log = dir.resolve("child.log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    int code = p.waitFor();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, code, out);
    return out;
  }
}
