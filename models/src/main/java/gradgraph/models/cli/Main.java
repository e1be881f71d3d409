package gradgraph.models.cli;

import gradgraph.models.data.DataNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code gradgraph} command line. Exit codes: {@value #OK} success, {@value #FAILED} the work
 * failed (a gradient check did not pass, data could not be found, a file could not be written),
 * {@value #USAGE} the command line was wrong. Error messages say what to do.
 */
@Command(
    name = "gradgraph",
    mixinStandardHelpOptions = true,
    version = "gradgraph 0.1.0-SNAPSHOT",
    description = "A define-by-run autodiff engine for Java.",
    subcommands = {
      DemoCommand.class,
      AppleCommand.class,
      GraphCommand.class,
      GradcheckCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      DevicesCommand.class
    })
public final class Main implements Callable<Integer> {
  /** Creates the top-level command (picocli instantiates it). */
  public Main() {}

  /** Exit code of success. */
  public static final int OK = 0;

  /** Exit code of a failure: a gradient check failed, data was missing, a file was unwritable. */
  public static final int FAILED = 1;

  /** Exit code of a usage error: an unknown option, a bad value. */
  public static final int USAGE = 2;

  @Spec CommandSpec spec;

  /**
   * Runs the command line and exits with its code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line on standard output and error without exiting, for tests.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /**
   * Runs the command line on given writers without exiting.
   *
   * @param out where results go
   * @param err where errors go
   * @param args the arguments
   * @return the exit code
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          String cmd = commandLine.getCommandName();
          PrintWriter e = commandLine.getErr();
          if (ex instanceof IllegalArgumentException) {
            e.println(cmd + ": " + ex.getMessage());
            e.println("Run 'gradgraph " + cmd + " --help' for the options.");
            e.flush();
            return USAGE;
          }
          if (ex instanceof DataNotFoundException
              || ex instanceof IOException
              || ex instanceof UncheckedIOException
              || ex instanceof IllegalStateException) {
            e.println(cmd + ": " + ex.getMessage());
            e.flush();
            return FAILED;
          }
          throw ex;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return USAGE;
  }
}
