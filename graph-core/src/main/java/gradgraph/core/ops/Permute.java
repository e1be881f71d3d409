package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/** Reorders dimensions; the gradient is permuted back by the inverse permutation. */
public final class Permute extends Op {
  private final int[] axes;
  private int[] perm;

  /**
   * Creates the op.
   *
   * @param axes a permutation of the axes; empty reverses them
   */
  public Permute(int[] axes) {
    this.axes = axes.clone();
  }

  @Override
  protected Tensor forward(Tensor... x) {
    perm = Tensor.permutation("permute", axes, x[0].rank());
    return x[0].permute(perm);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    int[] inverse = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[perm[i]] = i;
    }
    return new Variable[] {gy.permute(inverse)};
  }

  @Override
  public String symbol() {
    return "T";
  }

  @Override
  public String attributes() {
    return axes.length == 0 ? "" : "axes=" + Arrays.toString(axes);
  }
}
