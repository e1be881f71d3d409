package gradgraph.examples;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one example by name: {@code ExamplesMain <name> [--out DIR] [--quick]}, or lists them with
 * {@code --list}. Figures go to {@code DIR} (default {@code ./gradgraph-out/examples/<name>}). Exit
 * codes: 0 done, 1 the example failed, 2 bad arguments.
 */
public final class ExamplesMain {
  private ExamplesMain() {}

  private static final String USAGE =
      "usage: gradgraph example <name> [--out DIR] [--quick]\n"
          + "       gradgraph example --list\n"
          + "  --out DIR  where the figures go (default ./gradgraph-out/examples/<name>)\n"
          + "  --quick    a small run: the bundled Fashion-MNIST sample, fewer epochs\n";

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line, printing to standard output and errors to standard error.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    return run(out, err, args);
  }

  /**
   * Runs the command line with the given streams.
   *
   * @param out for the example's lines and results
   * @param err for usage errors and failures
   * @param args the arguments
   * @return 0 done, 1 the example failed, 2 bad arguments
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    String name = null;
    Path dir = null;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--list":
          for (Example e : Examples.all()) {
            out.printf(Locale.ROOT, "%-28s %s%n", e.name(), e.description());
          }
          out.flush();
          return 0;
        case "-h":
        case "--help":
          out.print(USAGE);
          out.flush();
          return 0;
        case "--quick":
          quick = true;
          break;
        case "--out":
          if (i + 1 >= args.length) {
            return usage(err, "example: --out: needs a directory");
          }
          dir = Path.of(args[++i]);
          break;
        default:
          if (a.startsWith("-")) {
            return usage(err, "example: unknown option '" + a + "'");
          }
          if (name != null) {
            return usage(err, "example: one name only, got '" + name + "' and '" + a + "'");
          }
          name = a;
      }
    }
    if (name == null) {
      return usage(err, "example: name: missing; see --list");
    }
    Optional<Example> found = Examples.find(name);
    if (found.isEmpty()) {
      return usage(err, "example: name: '" + name + "' is not an example; see --list");
    }
    Example example = found.get();
    if (dir == null) {
      dir = Path.of("gradgraph-out", "examples", name);
    }
    out.printf("# %s: %s%n", example.name(), example.description());
    out.flush();
    try {
      ExampleResult r = example.run(new ExampleContext(dir, quick, out));
      for (Map.Entry<String, Double> e : r.values().entrySet()) {
        out.printf(Locale.ROOT, "  %-28s %.6g%n", e.getKey(), e.getValue());
      }
      for (Path f : r.files()) {
        out.println("wrote " + f);
      }
      out.flush();
      return 0;
    } catch (Exception e) {
      err.println("example " + name + ": " + e);
      err.flush();
      return 1;
    }
  }

  private static int usage(PrintWriter err, String message) {
    err.println(message);
    err.print(USAGE);
    err.flush();
    return 2;
  }
}
