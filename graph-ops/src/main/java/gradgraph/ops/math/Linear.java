package gradgraph.ops.math;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.ShapeException;
import gradgraph.core.tensor.Tensor;

/**
 * The book's Affine layer as one op: {@code y = x · W + b}. Shapes: {@code x [N, in]} (or {@code
 * [..., in]}), {@code W [in, out]}, {@code b [out]} (optional: apply with two inputs), {@code y [N,
 * out]}; the product starts from the bias ({@link Tensor#matmulAdd}). Backward: {@code gx = gy ·
 * Wᵀ}, {@code gW = xᵀ · gy}, {@code gb = Σ_N gy} (the engine sums the broadcast gradient down to
 * {@code b}'s shape).
 */
public final class Linear extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Linear() {}

  @Override
  protected Tensor forward(Tensor... x) {
    int[] xs = x[0].shape();
    int[] ws = x[1].shape();
    if (xs.length < 1 || ws.length != 2 || xs[xs.length - 1] != ws[0]) {
      throw ShapeException.of(
          "linear", "x must be [..., in] and W [in, out] with the same in", xs, ws);
    }
    Tensor x2 = x[0].rank() == 1 ? x[0].reshape(1, -1) : x[0];
    Tensor y;
    if (x.length > 2) {
      if (!x[2].hasShape(ws[1])) {
        throw ShapeException.of("linear", "b must be [out] for W [in, out]", x[2].shape(), ws);
      }
      // the product starts from the bias: one pass over y, not two
      y = x2.matmulAdd(x[1], false, false, x[2]);
    } else {
      y = x2.matmul(x[1]);
    }
    return x[0].rank() == 1 ? y.reshape(-1) : y;
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable x = input(0);
    Variable w = input(1);
    Variable gx = null;
    Variable gw = null;
    // inputs that take no gradient (the data, a frozen weight) cost no product
    if (x.rank() == 1) {
      Variable g2 = gy.reshape(1, -1);
      if (needsGrad(0)) {
        gx = new MatMul(false, true).apply(g2, w).reshape(x.shape());
      }
      if (needsGrad(1)) {
        gw = new MatMul(true, false).apply(x.reshape(1, -1), g2);
      }
    } else {
      if (needsGrad(0)) {
        gx = new MatMul(false, true).apply(gy, w);
      }
      if (needsGrad(1)) {
        gw = new MatMul(true, false).apply(x, gy);
      }
    }
    return inputs().size() > 2 ? new Variable[] {gx, gw, gy} : new Variable[] {gx, gw};
  }

  @Override
  public String symbol() {
    return "affine";
  }
}
