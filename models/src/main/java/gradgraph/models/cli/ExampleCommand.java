package gradgraph.models.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code gradgraph example}: the book's experiments, chapter by chapter. They live in the {@code
 * examples} module (which depends on this one), so this command hands its arguments to {@code
 * gradgraph.examples.ExamplesMain} when that module is on the class path, as the {@code gradgraph}
 * launcher arranges, and otherwise says in one line what is missing.
 */
@Command(
    name = "example",
    description = {
      "Runs one of the book's experiments, chapter by chapter (the examples module):"
          + " 'example --list' lists them, 'example NAME [--out DIR] [--quick]' runs one."
    })
final class ExampleCommand implements Callable<Integer> {
  /** The entry point of the examples module, found at run time. */
  static final String EXAMPLES_MAIN = "gradgraph.examples.ExamplesMain";

  @Spec CommandSpec spec;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Method run;
    try {
      run =
          Class.forName(EXAMPLES_MAIN)
              .getMethod("run", PrintWriter.class, PrintWriter.class, String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new CliException(
          Main.FAILED,
          "needs the examples module on the class path (run it as './gradgraph example --list':"
              + " the launcher adds it)",
          e);
    }
    try {
      return (Integer) run.invoke(null, out, err, args.toArray(new String[0]));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + EXAMPLES_MAIN + ".run", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(String.valueOf(cause), cause);
    }
  }
}
