package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * Matrix product {@code C = op(A) · op(B)} of the last two dimensions, batched (with broadcasting)
 * over leading ones; {@code op} transposes when asked, without a copy. Shapes: {@code A [..., m,
 * k]}, {@code B [..., k, n]}, {@code C [..., m, n]}. Applied to a third input {@code D} that
 * broadcasts to {@code C}'s shape (a bias), it computes {@code op(A) · op(B) + D} in one kernel
 * ({@link Tensor#matmulAdd}); {@code D}'s gradient is the output gradient summed to its shape.
 */
public final class MatMul extends Op {
  private final boolean transA;
  private final boolean transB;

  /**
   * Creates the op.
   *
   * @param transA use A's transpose
   * @param transB use B's transpose
   */
  public MatMul(boolean transA, boolean transB) {
    this.transA = transA;
    this.transB = transB;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x.length > 2
        ? x[0].matmulAdd(x[1], transA, transB, x[2])
        : x[0].matmul(x[1], transA, transB);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable a = input(0);
    Variable b = input(1);
    // dL/dop(A) = G · op(B)ᵀ and dL/dop(B) = op(A)ᵀ · G, transposed back where op transposed.
    // an input that takes no gradient (the data, a frozen weight) costs no product
    Variable ga =
        !needsGrad(0) ? null : transA ? mm(b, gy, transB, true) : mm(gy, b, false, !transB);
    Variable gb =
        !needsGrad(1) ? null : transB ? mm(gy, a, true, transA) : mm(a, gy, !transA, false);
    return inputs().size() > 2 ? new Variable[] {ga, gb, gy} : new Variable[] {ga, gb};
  }

  private static Variable mm(Variable a, Variable b, boolean ta, boolean tb) {
    return new MatMul(ta, tb).apply(a, b);
  }

  @Override
  public String symbol() {
    return "dot";
  }

  @Override
  public String attributes() {
    return transA || transB ? "transA=" + transA + ", transB=" + transB : "";
  }
}
