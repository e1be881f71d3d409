package gradgraph.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The typed elementwise loops give bit for bit what the scalar reference {@link CpuKernels#apply}
 * gives, for every op, both dtypes, special values included, flat and broadcast.
 */
class ElementwiseKernelsTest {
  private static final double[] VALUES = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    -3.25,
    2.0,
    1e-30,
    -1e30,
    0.1,
    7.7,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY
  };

  private static double expected(DType dt, double v) {
    return dt == DType.FLOAT32 ? (float) v : v;
  }

  @Test
  void unaryLoopsMatchTheScalarReference() {
    for (DType dt : DType.values()) {
      Tensor x = Tensor.of(VALUES, VALUES.length).to(dt);
      double[] xs = x.toDoubleArray();
      for (UnaryOp op : UnaryOp.values()) {
        for (double alpha : new double[] {0.3, 2.0}) {
          double[] got = CpuKernels.INSTANCE.unary(op, x, alpha).toDoubleArray();
          for (int i = 0; i < xs.length; i++) {
            double want = expected(dt, CpuKernels.apply(op, xs[i], alpha));
            if (dt == DType.FLOAT32 && (op == UnaryOp.MUL_SCALAR || op == UnaryOp.ADD_SCALAR)) {
              // the float loops use the scalar rounded to float, as before
              want =
                  op == UnaryOp.MUL_SCALAR
                      ? (float) xs[i] * (float) alpha
                      : (float) xs[i] + (float) alpha;
            }
            assertEquals(want, got[i], 0.0, op + " " + dt + " of " + xs[i] + " alpha " + alpha);
          }
        }
      }
    }
  }

  @Test
  void binaryLoopsMatchTheScalarReferenceFlatAndBroadcast() {
    int n = VALUES.length;
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      ys[i] = VALUES[(i * 5 + 3) % n];
    }
    for (DType dt : DType.values()) {
      Tensor x = Tensor.of(VALUES, n).to(dt);
      Tensor y = Tensor.of(ys, n).to(dt);
      Tensor s = Tensor.of(new double[] {-2.5}, 1).to(dt);
      double[] xv = x.toDoubleArray();
      double[] yv = y.toDoubleArray();
      for (BinaryOp op : BinaryOp.values()) {
        double[] flat = CpuKernels.INSTANCE.binary(op, x, y).toDoubleArray();
        double[] bcast = CpuKernels.INSTANCE.binary(op, x, s).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertEquals(
              expected(dt, CpuKernels.apply(op, xv[i], yv[i])), flat[i], 0.0, op + " " + dt);
          assertEquals(
              expected(dt, CpuKernels.apply(op, xv[i], -2.5)), bcast[i], 0.0, op + " " + dt);
        }
      }
    }
  }
}
