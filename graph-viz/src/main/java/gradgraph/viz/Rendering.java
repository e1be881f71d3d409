package gradgraph.viz;

import guru.nidi.graphviz.engine.Format;
import guru.nidi.graphviz.engine.Graphviz;
import guru.nidi.graphviz.engine.GraphvizCmdLineEngine;
import guru.nidi.graphviz.engine.GraphvizEngine;
import guru.nidi.graphviz.engine.GraphvizV8Engine;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Renders DOT text with graphviz-java. Its engine is a process-wide setting, so every render holds
 * one lock and switches the engine only when another kind is asked for. An engine that fails is
 * released, so a later call tries again.
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

  /** Renders an SVG document. */
  static String svg(String dot, RenderEngine requested) {
    return render(dot, requested, g -> g.render(Format.SVG_STANDALONE).toString());
  }

  /** Renders an image, {@code scale} times the diagram's natural size. */
  static BufferedImage image(String dot, RenderEngine requested, double scale) {
    return render(dot, requested, g -> g.scale(scale).render(Format.PNG).toImage());
  }

  private static <T> T render(String dot, RenderEngine requested, Function<Graphviz, T> how) {
    synchronized (LOCK) {
      List<String> failures = new ArrayList<>();
      Throwable last = null;
      for (RenderEngine e : candidates(requested)) {
        String unavailable = unavailable(e);
        if (unavailable != null) {
          failures.add(unavailable);
          continue;
        }
        Set<Path> before = e == RenderEngine.DOT_COMMAND ? commandTempDirs() : Set.of();
        try {
          use(e);
          T result = how.apply(Graphviz.fromString(dot));
          if (result == null || (result instanceof String s && s.isEmpty())) {
            throw new IllegalStateException("the engine returned nothing");
          }
          return result;
        } catch (RuntimeException | LinkageError ex) {
          last = ex;
          failures.add(describe(e) + " failed: " + rootMessage(ex));
          release();
        } finally {
          if (e == RenderEngine.DOT_COMMAND) {
            removeCommandTempDirs(before, dot);
          }
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
  }

  /**
   * graphviz-java's command-line engine leaves one directory per render under {@code
   * java.io.tmpdir/GraphvizJava} (its DOT input and the output). These list them, and delete the
   * ones this render created: new since {@code before} and holding this very DOT text, so another
   * process's render in flight is never touched.
   */
  private static Set<Path> commandTempDirs() {
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "GraphvizJava");
    Set<Path> dirs = new HashSet<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> list = Files.list(root)) {
        list.filter(p -> p.getFileName().toString().startsWith("DotEngine")).forEach(dirs::add);
      } catch (IOException | UncheckedIOException ignored) {
        // nothing to clean then
      }
    }
    return dirs;
  }

  private static void removeCommandTempDirs(Set<Path> before, String dot) {
    for (Path dir : commandTempDirs()) {
      if (before.contains(dir)) {
        continue;
      }
      try {
        Path input = dir.resolve("dotfile.dot");
        if (!Files.isRegularFile(input)
            || !Files.readString(input, StandardCharsets.UTF_8).equals(dot)) {
          continue;
        }
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(f);
          }
        }
        Files.deleteIfExists(dir);
      } catch (IOException | UncheckedIOException ignored) {
        // a leftover temporary directory is harmless
      }
    }
  }

  /** Why an engine cannot even be tried, or null. */
  private static String unavailable(RenderEngine e) {
    if (e == RenderEngine.DOT_COMMAND) {
      return findDot() == null ? "the dot command is not on PATH" : null;
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

  private static void use(RenderEngine e) {
    if (active == e) {
      return;
    }
    GraphvizEngine engine =
        e == RenderEngine.DOT_COMMAND
            ? new GraphvizCmdLineEngine(findDot().toString())
            : new GraphvizV8Engine(v8LibraryDir());
    Graphviz.useEngine(engine);
    active = e;
  }

  /**
   * Where J2V8 unpacks its native library: by default (null) the home directory; the temporary
   * directory when home is not writable (containers, CI users without a home).
   */
  private static String v8LibraryDir() {
    String home = System.getProperty("user.home");
    if (home != null && Files.isWritable(Path.of(home))) {
      return null;
    }
    return System.getProperty("java.io.tmpdir");
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
