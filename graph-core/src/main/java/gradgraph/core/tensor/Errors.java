package gradgraph.core.tensor;

import java.util.Arrays;

/**
 * The one place where argument errors are phrased, so every message reads {@code op: argument:
 * problem} and names the shapes or values involved.
 */
public final class Errors {
  private Errors() {}

  /**
   * Builds an {@link IllegalArgumentException} for a bad argument.
   *
   * @param op the op or command name
   * @param argument the argument's name
   * @param problem what is wrong, with the offending values
   * @return the exception, to be thrown by the caller
   */
  public static IllegalArgumentException illegalArgument(
      String op, String argument, String problem) {
    return new IllegalArgumentException(op + ": " + argument + ": " + problem);
  }

  /**
   * Checks a condition on an argument.
   *
   * @param condition what must hold
   * @param op the op name
   * @param argument the argument's name
   * @param problem the message when the condition does not hold
   * @throws IllegalArgumentException when {@code condition} is false
   */
  public static void check(boolean condition, String op, String argument, String problem) {
    if (!condition) {
      throw illegalArgument(op, argument, problem);
    }
  }

  /**
   * Formats a shape as NumPy prints it in lists: {@code [2, 3]}.
   *
   * @param shape the shape
   * @return its text form
   */
  public static String shape(int[] shape) {
    return Arrays.toString(shape);
  }
}
