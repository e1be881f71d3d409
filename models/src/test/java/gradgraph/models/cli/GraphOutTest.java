package gradgraph.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradgraph graph --out FILE}: exactly that file, in the format its extension names. */
class GraphOutTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  static boolean hasDot() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "dot"))) {
        return true;
      }
    }
    return false;
  }

  private List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void eachExtensionWritesExactlyThatFileInItsFormat() throws IOException {
    assumeTrue(hasDot(), "PNG, SVG and PDF are checked with the dot command");
    Path dir = Files.createDirectories(tmp.resolve("figs"));
    String[][] cases = {
      {"step.png", "\u0089PNG"}, {"step.svg", "<?xm"}, {"step.pdf", "%PDF"}, {"Step.DOT", "digr"},
    };
    for (String[] c : cases) {
      Path file = dir.resolve(c[0]);
      Result r = run("graph", "--model", "two-layer", "--out", file.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals("wrote " + file + "\n", r.out());
      assertEquals("", r.err());
      byte[] head = new byte[4];
      System.arraycopy(Files.readAllBytes(file), 0, head, 0, 4);
      assertEquals(c[1], new String(head, StandardCharsets.ISO_8859_1), c[0]);
    }
    assertEquals(List.of("Step.DOT", "step.pdf", "step.png", "step.svg"), files(dir));
    String svg = Files.readString(dir.resolve("step.svg"));
    assertTrue(svg.contains("<title>two&#45;layer&#45;step</title>"), "titled by the model");
    assertTrue(svg.contains(">softmaxCE</text>"), "the loss op is drawn");
    assertTrue(Files.readString(dir.resolve("Step.DOT")).contains("rankdir=TB"), "a column");
  }

  @Test
  void aMissingDirectoryIsCreatedAndAnExistingFileReplacedWithNoTemporaryFileLeft()
      throws IOException {
    Path file = tmp.resolve("a/b/step.dot");
    assertEquals(0, run("graph", "--model", "two-layer", "--out", file.toString()).code());
    String first = Files.readString(file);
    Files.writeString(file, "old");
    Result r = run("graph", "--model", "two-layer", "--out", file.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(first, Files.readString(file), "same model, same seed, same text");
    assertEquals(List.of("step.dot"), files(file.getParent()));
  }

  @Test
  void anUnknownOrMissingExtensionIsOneLineNamingOutAndTheExtension() throws IOException {
    Path jpg = tmp.resolve("step.jpg");
    Result r = run("graph", "--model", "two-layer", "--out", jpg.toString());
    assertEquals(Main.USAGE, r.code());
    String[] lines = r.err().split("\n");
    assertEquals(
        "graph: --out: '"
            + jpg
            + "' has the extension .jpg; the extension picks the format: .png, .svg, .pdf or"
            + " .dot",
        lines[0]);
    assertEquals("Run 'gradgraph graph --help' for the options.", lines[1]);
    assertEquals(2, lines.length);
    r = run("graph", "--out", tmp.resolve("step").toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().startsWith("graph: --out: '" + tmp.resolve("step") + "' has no extension"));
    assertEquals(List.of(), files(tmp), "nothing written");
  }

  @Test
  void aDirectoryDeviceOrPipeIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("out.png"));
    Result r = run("graph", "--model", "two-layer", "--out", dir.toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(
        r.err()
            .startsWith(
                "graph: --out: '"
                    + dir
                    + "' is a directory; --out names the file to write, e.g. --out "
                    + dir.resolve("two-layer-step.png")),
        r.err());
    assertEquals(List.of(), files(dir));

    assumeTrue(Files.exists(Path.of("/dev/null")));
    // a device: /dev/null itself has no extension, so name it through a link that has one
    Path link = Files.createSymbolicLink(tmp.resolve("null.svg"), Path.of("/dev/null"));
    r = run("graph", "--model", "two-layer", "--out", link.toString());
    assertEquals(Main.FAILED, r.code(), r.err());
    assertTrue(
        r.err().contains("--out: /dev/null: is a device, pipe or socket, not a regular file"),
        r.err());

    assumeTrue(!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win"));
    Path fifo = tmp.resolve("pipe.dot");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor() == 0, "mkfifo");
    r = run("graph", "--model", "two-layer", "--out", fifo.toString());
    assertEquals(Main.FAILED, r.code(), r.err());
    assertTrue(r.err().contains("is a device, pipe or socket, not a regular file"), r.err());
  }

  @Test
  void aFailedRenderLeavesTheExistingFileAndNothingElse() throws Exception {
    // no dot on PATH: the bundled engine draws no PDF, so the render fails
    Path file = tmp.resolve("step.pdf");
    Files.writeString(file, "an older picture");
    Child c = child(file);
    assertEquals(Main.FAILED, c.code(), c.output());
    assertTrue(c.output().startsWith("graph: cannot draw " + file + " (nothing was written): "));
    assertTrue(c.output().contains("PDF needs the dot command"), c.output());
    assertTrue(c.output().contains("--out " + tmp.resolve("step.dot")), c.output());
    assertEquals("an older picture", Files.readString(file));
    assertEquals(List.of("home", "step.pdf"), files(tmp), "no .dot, no temporary file");
  }

  @Test
  void withoutDotTheBundledEngineDrawsQuietly() throws Exception {
    // the bundled engine used to print the JVM's "stack guard" warning and write into $HOME
    Path file = tmp.resolve("step.svg");
    Child c = child(file);
    assertEquals(0, c.code(), c.output());
    assertEquals("wrote " + file + "\n", c.output());
    assertTrue(Files.readString(file).contains("<svg"));
    assertFalse(Files.exists(tmp.resolve("home/libj2v8_linux_x86_64.so")));
  }

  record Child(int code, String output) {}

  /** Runs {@code graph --model two-layer --out FILE} in a JVM whose PATH has no dot. */
  private Child child(Path file) throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path log = Files.createTempFile("graph-out", ".log");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      if (Runtime.version().feature() >= 22) {
        // as the launcher does: otherwise JDK 22+ warns when a native library (BLAS, V8) loads
        cmd.add("--enable-native-access=ALL-UNNAMED");
      }
      cmd.add("-Dgradgraph.cache.dir=" + tmp.resolve("cache"));
      cmd.add("-Duser.home=" + home);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(Main.class.getName());
      cmd.addAll(List.of("graph", "--model", "two-layer", "--out", file.toString()));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().put("PATH", Files.createDirectories(home.resolve("bin")).toString());
      pb.environment().remove("XDG_CACHE_HOME");
      int code = pb.start().waitFor();
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertFalse(out.toLowerCase(Locale.ROOT).contains("stack guard"), out);
      return new Child(code, out);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
