package gradgraph.viz;

import guru.nidi.graphviz.engine.Format;
import guru.nidi.graphviz.engine.Graphviz;
import guru.nidi.graphviz.engine.GraphvizV8Engine;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Renders DOT text: with the {@code dot} command, run directly (SVG, PNG and PDF, drawn with the
 * fonts Graphviz measured the labels with), or with graphviz-java's bundled V8 engine (SVG, and PNG
 * rasterized from it). graphviz-java's engine is a process-wide setting, so bundled renders hold
 * one lock; an engine that fails is released, so a later call tries again.
 */
final class Rendering {
  /** What to install when nothing renders, for every common platform. */
  static final String INSTALL_HINT =
      "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install"
          + " graphviz; macOS: brew install graphviz; Windows: winget install graphviz) so that"
          + " the dot command is on PATH";

  private static final Object LOCK = new Object();

  /** The kind graphviz-java is set up with now: DOT_COMMAND, BUNDLED, or null. */
  private static RenderEngine active;

  /** Replaces the PATH searched for {@code dot}, for tests; null means the real one. */
  static volatile String pathOverride;

  private Rendering() {}

  /** Finds the {@code dot} executable on PATH. */
  static Path findDot() {
    String path = pathOverride != null ? pathOverride : System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path dot = Path.of(dir, windows ? "dot.exe" : "dot");
      if (Files.isRegularFile(dot) && Files.isExecutable(dot)) {
        return dot.toAbsolutePath();
      }
    }
    return null;
  }

  /** The engines AUTO tries, in order. */
  static List<RenderEngine> candidates(RenderEngine requested) {
    if (requested != RenderEngine.AUTO) {
      return List.of(requested);
    }
    return findDot() != null
        ? List.of(RenderEngine.DOT_COMMAND, RenderEngine.BUNDLED)
        : List.of(RenderEngine.BUNDLED);
  }

  /** What a render produces. */
  enum Output {
    SVG("svg"),
    PNG("png"),
    PDF("pdf");

    final String dotFormat;

    Output(String dotFormat) {
      this.dotFormat = dotFormat;
    }
  }

  /** Renders an SVG document. */
  static String svg(String dot, RenderEngine requested) {
    return new String(render(dot, requested, Output.SVG, 1), StandardCharsets.UTF_8);
  }

  /** Renders an image, {@code scale} times the diagram's natural size. */
  static BufferedImage image(String dot, RenderEngine requested, double scale) {
    byte[] png = render(dot, requested, Output.PNG, scale);
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      if (img == null) {
        throw new RenderException("the engine's PNG could not be decoded", null, null);
      }
      return img;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renders the DOT text as a file's bytes; PNG at {@code scale} pixels per point.
   *
   * @throws RenderException saying what every engine tried answered, and what to install
   */
  static byte[] render(String dot, RenderEngine requested, Output output, double scale) {
    List<String> failures = new ArrayList<>();
    Throwable last = null;
    for (RenderEngine e : candidates(requested)) {
      String unavailable = unavailable(e, output);
      if (unavailable != null) {
        failures.add(unavailable);
        continue;
      }
      try {
        byte[] result =
            e == RenderEngine.DOT_COMMAND
                ? runDot(dot, output, scale)
                : bundled(dot, output, scale);
        if (result == null || result.length == 0) {
          throw new IllegalStateException("the engine returned nothing");
        }
        return result;
      } catch (RuntimeException | LinkageError | IOException ex) {
        last = ex;
        failures.add(describe(e) + " failed: " + rootMessage(ex));
      }
    }
    throw new RenderException(
        "no Graphviz engine could render the diagram ("
            + String.join("; ", failures)
            + "); "
            + INSTALL_HINT,
        null,
        last);
  }

  /**
   * Runs {@code dot -T<format>} on a temporary copy of the DOT text, its output to a file next to
   * it (so neither pipe can fill up and stall the process), and removes both afterwards.
   */
  private static byte[] runDot(String dot, Output output, double scale) throws IOException {
    Path dir = Files.createTempDirectory("gradgraph-dot");
    try {
      Path in = Files.writeString(dir.resolve("graph.dot"), dot, StandardCharsets.UTF_8);
      Path out = dir.resolve("graph." + output.dotFormat);
      Path err = dir.resolve("stderr.txt");
      List<String> cmd = new ArrayList<>(List.of(findDot().toString(), "-T" + output.dotFormat));
      if (output == Output.PNG) {
        // 72 dpi is one pixel per point
        cmd.add(String.format(Locale.ROOT, "-Gdpi=%.6g", 72 * scale));
      }
      cmd.addAll(List.of("-o", out.toString(), in.toString()));
      Process p =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile())
              .start();
      int code;
      try {
        code = p.waitFor();
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while dot was running", e);
      }
      if (code != 0) {
        String msg = Files.readString(err, StandardCharsets.UTF_8).strip();
        throw new IllegalStateException(
            "exit code " + code + (msg.isEmpty() ? "" : ": " + firstLines(msg, 3)));
      }
      return Files.isRegularFile(out) ? Files.readAllBytes(out) : new byte[0];
    } finally {
      deleteTree(dir);
    }
  }

  private static File nullFile() {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    return new File(windows ? "NUL" : "/dev/null");
  }

  private static String firstLines(String text, int n) {
    String[] lines = text.split("\\R");
    return String.join(" / ", List.of(lines).subList(0, Math.min(n, lines.length)));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(f);
      }
    } catch (IOException | UncheckedIOException ignored) {
      // a leftover temporary file is harmless
    }
  }

  /** Renders with graphviz-java's V8 engine, holding the process-wide lock. */
  private static byte[] bundled(String dot, Output output, double scale) throws IOException {
    synchronized (LOCK) {
      try {
        use(RenderEngine.BUNDLED);
        Graphviz g = Graphviz.fromString(dot);
        if (output == Output.SVG) {
          return g.render(Format.SVG_STANDALONE).toString().getBytes(StandardCharsets.UTF_8);
        }
        BufferedImage img = g.scale(scale).render(Format.PNG).toImage();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (img == null || !ImageIO.write(img, "png", bytes)) {
          throw new IllegalStateException("no PNG image came back");
        }
        return bytes.toByteArray();
      } catch (RuntimeException | LinkageError | IOException e) {
        release();
        throw e;
      }
    }
  }

  /** Why an engine cannot even be tried, or null. */
  private static String unavailable(RenderEngine e, Output output) {
    if (e == RenderEngine.DOT_COMMAND) {
      return findDot() == null ? "the dot command is not on PATH" : null;
    }
    if (output == Output.PDF) {
      return "the bundled engine draws SVG and PNG only, PDF needs the dot command";
    }
    String lib = bundledLibrary();
    if (lib == null) {
      return "the bundled engine has no build for "
          + System.getProperty("os.name")
          + "/"
          + System.getProperty("os.arch");
    }
    if (Rendering.class.getClassLoader().getResource(lib) == null) {
      return "the bundled engine's native library "
          + lib
          + " is not on the class path (add guru.nidi.com.eclipsesource.j2v8 for this platform)";
    }
    return null;
  }

  /** The J2V8 native library graphviz-java's V8 engine loads on this platform, or null. */
  private static String bundledLibrary() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    if (os.contains("linux") && x64) {
      return "libj2v8_linux_x86_64.so";
    }
    if (os.contains("mac") && x64) {
      return "libj2v8_macosx_x86_64.dylib";
    }
    if (os.contains("win")) {
      return x64 ? "libj2v8_win32_x86_64.dll" : "libj2v8_win32_x86.dll";
    }
    return null;
  }

  private static void use(RenderEngine e) throws IOException {
    if (active == e) {
      return;
    }
    Graphviz.useEngine(new GraphvizV8Engine(v8LibraryDir()));
    active = e;
  }

  /**
   * Where J2V8 finds its native library: unpacked once into the cache directory and loaded from
   * there ({@link BundledLibrary}); in the temporary directory when the cache cannot be written.
   */
  private static String v8LibraryDir() throws IOException {
    return BundledLibrary.load(bundledLibrary()).toString();
  }

  private static void release() {
    active = null;
    try {
      Graphviz.releaseEngine();
    } catch (RuntimeException ignored) {
      // a broken engine may fail to close; the next use() replaces it anyway
    }
  }

  private static String describe(RenderEngine e) {
    return e == RenderEngine.DOT_COMMAND
        ? "the dot command (" + findDot() + ")"
        : "the bundled engine (V8)";
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m.strip());
  }
}
