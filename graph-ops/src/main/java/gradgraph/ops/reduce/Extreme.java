package gradgraph.ops.reduce;

import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;

/** Shared by {@link Max} and {@link Min}: the forward and the even split over tied winners. */
final class Extreme {
  private Extreme() {}

  static Tensor forward(String op, ReduceOp kind, Tensor x, int[] axes, boolean keepDims) {
    int[] ax = Shapes.axes(op, axes, x.rank());
    int[] shape = x.shape();
    for (int a : ax) {
      if (shape[a] == 0) {
        throw gradgraph.core.tensor.Errors.illegalArgument(
            op,
            "axes",
            "axis " + a + " of " + java.util.Arrays.toString(shape) + " is empty; no " + op);
      }
    }
    return x.reduce(kind, keepDims, axes);
  }

  /** {@code gx = gy · [x = y] / count(x = y)} over the reduced axes. */
  static Variable backward(Variable x, Variable y, Variable gy, int[] axes) {
    int[] shape = x.shape();
    int[] kept = Shapes.reduced(shape, Shapes.axes("max", axes, shape.length), true);
    Tensor yk = y.value().reshape(kept);
    Tensor winners = x.value().zip(BinaryOp.EQ, yk);
    Tensor count = winners.sum(true, axes);
    Tensor share = winners.div(count);
    return gy.reshape(kept).mul(Variable.constant(share));
  }
}
