package gradgraph.ops.shape;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.ShapeException;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;

/**
 * Joins tensors along an existing axis; shapes must agree elsewhere, dtypes are promoted. Backward
 * slices the gradient back into one piece per input ({@link Slice}).
 */
public final class Concat extends Op {
  private final int axis;
  private int normalized;
  private int[][] shapes;

  /**
   * Creates the op.
   *
   * @param axis the axis, negative counting from the end
   */
  public Concat(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    Errors.check(x.length > 0, "concat", "xs", "needs at least one tensor");
    int[] first = x[0].shape();
    normalized = Shapes.axis("concat", axis, first.length);
    shapes = new int[x.length][];
    boolean wide = false;
    for (int i = 0; i < x.length; i++) {
      int[] s = x[i].shape();
      shapes[i] = s;
      boolean ok = s.length == first.length;
      for (int d = 0; ok && d < s.length; d++) {
        ok = d == normalized || s[d] == first[d];
      }
      if (!ok) {
        throw ShapeException.of(
            "concat", "shapes differ outside axis " + axis + " (input " + i + ")", first, s);
      }
      wide |= x[i].dtype() != x[0].dtype();
    }
    Tensor[] xs = x.clone();
    if (wide) {
      for (int i = 0; i < xs.length; i++) {
        xs[i] = xs[i].to(gradgraph.core.tensor.DType.FLOAT64);
      }
    }
    return x[0].device().kernels().concat(xs, normalized);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable[] gx = new Variable[shapes.length];
    int at = 0;
    for (int i = 0; i < shapes.length; i++) {
      int[] b = new int[shapes[i].length];
      int[] e = gy.shape();
      b[normalized] = at;
      at += shapes[i][normalized];
      e[normalized] = at;
      gx[i] = new Slice(b, e).apply(gy);
    }
    return gx;
  }

  @Override
  public String symbol() {
    return "concat";
  }

  @Override
  public String attributes() {
    return "axis=" + axis;
  }
}
