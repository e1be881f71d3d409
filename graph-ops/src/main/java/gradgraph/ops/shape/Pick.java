package gradgraph.ops.shape;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * One entry per row: {@code out[i] = x[i, labels[i]]} for {@code x [N, C]}, giving {@code [N]} (the
 * book's {@code y[np.arange(N), t]}, picking the label's probability). Backward scatters the
 * gradient back into the picked positions.
 */
public final class Pick extends Op {
  private final int[] labels;
  private int[] flat;
  private int[] inShape;

  /**
   * Creates the op.
   *
   * @param labels one column index per row
   */
  public Pick(int[] labels) {
    this.labels = labels.clone();
  }

  /**
   * Checks labels against a {@code [N, C]} shape.
   *
   * @param op the op name for the message
   * @param shape the shape, which must be 2-D
   * @param labels the labels, {@code N} of them, each in {@code [0, C)}
   */
  public static void checkLabels(String op, int[] shape, int[] labels) {
    if (shape.length != 2) {
      throw Errors.illegalArgument(op, "x", "must be 2-D [N, C], got " + Arrays.toString(shape));
    }
    if (labels.length != shape[0]) {
      throw Errors.illegalArgument(
          op,
          "labels",
          labels.length + " labels for " + shape[0] + " rows of " + Arrays.toString(shape));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= shape[1]) {
        throw Errors.illegalArgument(
            op,
            "labels",
            "labels[" + i + "] = " + labels[i] + " is out of range [0, " + shape[1] + ")");
      }
    }
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inShape = x[0].shape();
    checkLabels("pick", inShape, labels);
    flat = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      flat[i] = i * inShape[1] + labels[i];
    }
    return x[0].device().kernels().indexSelect(x[0].reshape(-1), 0, flat.clone());
  }

  @Override
  protected Variable[] backward(Variable gy) {
    int n = inShape[0] * inShape[1];
    return new Variable[] {new IndexAdd(new int[] {n}, 0, flat).apply(gy).reshape(inShape)};
  }

  @Override
  public String symbol() {
    return "pick";
  }
}
