package gradgraph.core.tensor;

import java.util.Locale;

/** NumPy-style text for tensors: nested brackets, summarized with {@code ...} when large. */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;

  private TensorFormat() {}

  static String format(Tensor t) {
    double[] d = t.toDoubleArray();
    int[] shape = t.shape();
    boolean summarize = d.length > THRESHOLD;
    boolean integral = true;
    for (double v : d) {
      if (v != Math.rint(v) || Double.isInfinite(v) || Math.abs(v) >= 1e16) {
        integral = false;
        break;
      }
    }
    StringBuilder sb = new StringBuilder("tensor(");
    if (shape.length == 0) {
      sb.append(number(d[0], integral));
    } else {
      append(sb, d, shape, Shapes.strides(shape), 0, 0, summarize, integral, 7);
    }
    if (d.length == 0 || summarize) {
      sb.append(", shape=").append(java.util.Arrays.toString(shape));
    }
    return sb.append(')').toString();
  }

  private static void append(
      StringBuilder sb,
      double[] d,
      int[] shape,
      int[] strides,
      int dim,
      int offset,
      boolean summarize,
      boolean integral,
      int indent) {
    sb.append('[');
    int n = shape[dim];
    for (int i = 0; i < n; i++) {
      if (summarize && n > 2 * EDGE && i == EDGE) {
        sb.append(dim == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
        i = n - EDGE - 1;
        continue;
      }
      if (dim == shape.length - 1) {
        sb.append(number(d[offset + i], integral));
      } else {
        append(
            sb, d, shape, strides, dim + 1, offset + i * strides[dim], summarize, integral, indent);
      }
      if (i < n - 1) {
        sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
      }
    }
    sb.append(']');
  }

  private static String number(double v, boolean integral) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (integral) {
      return String.format(Locale.ROOT, "%.0f.", v);
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-4 || a >= 1e8)) {
      return String.format(Locale.ROOT, "%.4e", v);
    }
    String s = String.format(Locale.ROOT, "%.4f", v);
    return s;
  }
}
