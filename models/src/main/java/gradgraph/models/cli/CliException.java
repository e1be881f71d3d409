package gradgraph.models.cli;

/**
 * A failure the command line reports as one line, {@code <command>: <option>: <reason>}, with its
 * exit code ({@link Main#FAILED} for work that failed, {@link Main#USAGE} for a wrong command
 * line).
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /**
   * Creates the failure.
   *
   * @param exitCode {@link Main#FAILED} or {@link Main#USAGE}
   * @param message the option or file, and the reason
   * @param cause what went wrong underneath, or null
   */
  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /**
   * Names the option that a failure concerns: {@code --save: <what went wrong>}.
   *
   * @param option the option, e.g. {@code --save}
   * @param cause the failure
   * @return the failure, exit code {@link Main#FAILED}
   */
  static CliException about(String option, Throwable cause) {
    return new CliException(Main.FAILED, option + ": " + Main.describe(cause), cause);
  }

  /**
   * The exit code.
   *
   * @return {@link Main#FAILED} or {@link Main#USAGE}
   */
  int exitCode() {
    return exitCode;
  }
}
