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
      SummaryCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      ExampleCommand.class,
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
    String[] current = {args.length > 0 && !args[0].startsWith("-") ? args[0] : "gradgraph"};
    cl.setParameterExceptionHandler(
        (ex, arguments) -> {
          // picocli's own usage errors (unknown option, bad number): one line and the hint
          String cmd = ex.getCommandLine().getCommandName();
          PrintWriter e = ex.getCommandLine().getErr();
          e.println(cmd + ": " + ex.getMessage());
          e.println(
              "Run 'gradgraph "
                  + (cmd.equals("gradgraph") ? "" : cmd + " ")
                  + "--help' for the options.");
          e.flush();
          return USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> report(commandLine.getCommandName(), ex, err));
    int code;
    try {
      code = cl.execute(args);
    } catch (Throwable t) { // an Error (out of memory, ...) that picocli lets through
      code = report(current[0], t, err);
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Reports a failure as one line, {@code <command>: <what>: <reason>}, never a stack trace (unless
   * the environment variable {@code GRADGRAPH_DEBUG} is set), and returns its exit code.
   */
  private static int report(String cmd, Throwable thrown, PrintWriter e) {
    Throwable ex = thrown;
    while (ex instanceof CommandLine.ExecutionException && ex.getCause() != null) {
      ex = ex.getCause();
    }
    int code;
    String line;
    if (ex instanceof CliException c) {
      code = c.exitCode();
      line = c.getMessage();
    } else if (ex instanceof IllegalArgumentException) {
      code = USAGE;
      line = ex.getMessage();
    } else if (ex instanceof DataNotFoundException
        || ex instanceof IOException
        || ex instanceof UncheckedIOException
        || ex instanceof IllegalStateException
        || ex instanceof OutOfMemoryError) {
      code = FAILED;
      line = describe(ex);
    } else {
      code = FAILED;
      line =
          "internal error: "
              + describe(ex)
              + " (set GRADGRAPH_DEBUG=1 for the stack trace, and please report it)";
    }
    e.println(cmd + ": " + line);
    if (code == USAGE) {
      e.println("Run 'gradgraph " + cmd + " --help' for the options.");
    }
    if (System.getenv("GRADGRAPH_DEBUG") != null) {
      ex.printStackTrace(e);
    }
    e.flush();
    return code;
  }

  /**
   * Says what went wrong in words a user can act on: the file and the reason for file-system errors
   * ({@code cnn.safetensors: file not found}), the heap for out-of-memory, the message otherwise;
   * the causes of wrapped exceptions are followed.
   *
   * @param t the failure
   * @return one line
   */
  static String describe(Throwable t) {
    if (t instanceof java.nio.file.NoSuchFileException f) {
      return f.getFile() + ": file not found";
    }
    if (t instanceof java.nio.file.AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (t instanceof java.nio.file.NotDirectoryException f) {
      return f.getFile() + ": not a directory";
    }
    if (t instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + ": already exists and is in the way";
    }
    if (t instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    if (t instanceof OutOfMemoryError) {
      return String.format(
          java.util.Locale.ROOT,
          "out of memory (the heap limit is %d MB); lower --batch-size or raise the heap, e.g."
              + " GRADGRAPH_JVM_OPTS=-Xmx8g",
          Runtime.getRuntime().maxMemory() >> 20);
    }
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      return u.getMessage() + ": " + describe(u.getCause());
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getCause() != null && t.getCause() != t
          ? describe(t.getCause())
          : t.getClass().getSimpleName();
    }
    return t instanceof RuntimeException
            && !(t instanceof IllegalArgumentException)
            && !(t instanceof IllegalStateException)
            && !(t instanceof UncheckedIOException)
        ? t.getClass().getSimpleName() + ": " + m
        : m;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return USAGE;
  }
}
