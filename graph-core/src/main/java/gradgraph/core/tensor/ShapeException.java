package gradgraph.core.tensor;

import java.util.Arrays;

/**
 * Thrown when an op receives tensors whose shapes do not fit together. The message always names the
 * op and the shapes involved, e.g. {@code matmul: inner dimensions differ: [2, 3] vs [4, 5]}.
 */
public class ShapeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a ready-made message.
   *
   * @param message the full message, starting with the op name
   */
  public ShapeException(String message) {
    super(message);
  }

  /**
   * Creates the exception for an op whose two operands' shapes disagree.
   *
   * @param op the op name, e.g. {@code "matmul"}
   * @param problem what is wrong, e.g. {@code "inner dimensions differ"}
   * @param a the first shape
   * @param b the second shape
   * @return the exception, to be thrown by the caller
   */
  public static ShapeException of(String op, String problem, int[] a, int[] b) {
    return new ShapeException(
        op + ": " + problem + ": " + Arrays.toString(a) + " vs " + Arrays.toString(b));
  }
}
