package gradgraph.core.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernel SPI's default methods (what a backend without its own version runs) agree with the
 * CPU's fused versions and with naive oracles: {@code matmulAdd}, {@code maxPool2dRecording} with
 * its backward, {@code softmaxCrossEntropy}, the LSTM and GRU steps' {@code lstmCell}, {@code
 * gruCell} and their backwards, {@code conv2d} and its backward (the defaults being the book's
 * lowering, the oracle for the CPU's one-image-at-a-time kernels).
 */
class KernelDefaultsTest {
  private static final Kernels CPU = CpuKernels.INSTANCE;

  /** A backend that implements only the abstract methods (by the CPU's) and keeps every default. */
  private static final Kernels DEFAULTS =
      (Kernels)
          Proxy.newProxyInstance(
              Kernels.class.getClassLoader(),
              new Class<?>[] {Kernels.class},
              (proxy, m, args) -> {
                try {
                  return m.isDefault()
                      ? InvocationHandler.invokeDefault(proxy, m, args)
                      : m.invoke(CPU, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });

  private static Tensor filled(java.util.function.DoubleSupplier next, DType dt, int... shape) {
    double[] v = new double[gradgraph.core.tensor.Shapes.size(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = next.getAsDouble();
    }
    return Tensor.of(v, shape).to(dt);
  }

  private static Tensor random(Random r, DType dt, int... shape) {
    return filled(() -> r.nextGaussian() * 3, dt, shape);
  }

  private static Tensor integers(Random r, DType dt, int... shape) {
    return filled(() -> r.nextInt(5) - 2, dt, shape);
  }

  private static void close(double[] want, double[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), what + " at " + i);
    }
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /**
   * The LSTM step's pointwise kernels: the CPU's one-pass loops, the composed defaults and the
   * equations written out per element agree, from a given and from a zero state, with and without
   * an incoming cell gradient.
   */
  @Test
  void lstmCellAndItsBackwardMatchTheEquationsFusedAndComposed() {
    Random r = new Random(12);
    int n = 3;
    int h = 5;
    for (DType dt : DType.values()) {
      double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-13;
      for (boolean zeroState : new boolean[] {false, true}) {
        Tensor z = random(r, dt, n, 4 * h);
        Tensor c = zeroState ? null : random(r, dt, n, h);
        Tensor dh = random(r, dt, n, h);
        Tensor dc = zeroState ? null : random(r, dt, n, h);
        double[] zs = z.toDoubleArray();
        double[] cs = c == null ? new double[n * h] : c.toDoubleArray();
        double[] dhs = dh.toDoubleArray();
        double[] dcs = dc == null ? new double[n * h] : dc.toDoubleArray();
        double[] gates = new double[n * 4 * h];
        double[] c2 = new double[n * h];
        double[] h2 = new double[n * h];
        double[] dz = new double[n * 4 * h];
        double[] dcPrev = new double[n * h];
        for (int row = 0; row < n; row++) {
          for (int j = 0; j < h; j++) {
            int b = row * 4 * h + j;
            int e = row * h + j;
            double i = sig(zs[b]);
            double f = sig(zs[b + h]);
            double g = Math.tanh(zs[b + 2 * h]);
            double o = sig(zs[b + 3 * h]);
            gates[b] = i;
            gates[b + h] = f;
            gates[b + 2 * h] = g;
            gates[b + 3 * h] = o;
            c2[e] = f * cs[e] + i * g;
            double tc = Math.tanh(c2[e]);
            h2[e] = o * tc;
            double dct = dcs[e] + dhs[e] * o * (1 - tc * tc);
            dz[b] = dct * g * i * (1 - i);
            dz[b + h] = dct * cs[e] * f * (1 - f);
            dz[b + 2 * h] = dct * i * (1 - g * g);
            dz[b + 3 * h] = dhs[e] * tc * o * (1 - o);
            dcPrev[e] = dct * f;
          }
        }
        for (Kernels k : new Kernels[] {CPU, DEFAULTS}) {
          String what = (k == CPU ? "cpu " : "default ") + dt + (zeroState ? " zero state" : "");
          Tensor[] fwd = k.lstmCell(z, c);
          close(gates, fwd[0].toDoubleArray(), tol, what + " gates");
          close(c2, fwd[1].toDoubleArray(), tol, what + " c'");
          close(h2, fwd[2].toDoubleArray(), tol, what + " h'");
          assertEquals(dt, fwd[2].dtype());
          Tensor[] bwd = k.lstmCellBackward(fwd[0], c, fwd[1], dh, dc);
          close(dz, bwd[0].toDoubleArray(), tol * 10, what + " dz");
          close(dcPrev, bwd[1].toDoubleArray(), tol * 10, what + " dc");
          assertArrayEquals(new int[] {n, 4 * h}, bwd[0].shape());
        }
      }
    }
  }

  /** The GRU step's pointwise kernels: CPU loops, composed defaults and the equations agree. */
  @Test
  void gruCellAndItsBackwardMatchTheEquationsFusedAndComposed() {
    Random r = new Random(13);
    int n = 3;
    int h = 4;
    for (DType dt : DType.values()) {
      double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-13;
      for (boolean zeroState : new boolean[] {false, true}) {
        Tensor a = random(r, dt, n, 3 * h);
        Tensor u = random(r, dt, n, 3 * h);
        Tensor hp = zeroState ? null : random(r, dt, n, h);
        Tensor dh = random(r, dt, n, h);
        double[] as = a.toDoubleArray();
        double[] us = u.toDoubleArray();
        double[] hs = hp == null ? new double[n * h] : hp.toDoubleArray();
        double[] dhs = dh.toDoubleArray();
        double[] gates = new double[n * 3 * h];
        double[] h2 = new double[n * h];
        double[] da = new double[n * 3 * h];
        double[] du = new double[n * 3 * h];
        double[] dhp = new double[n * h];
        for (int row = 0; row < n; row++) {
          for (int j = 0; j < h; j++) {
            int b = row * 3 * h + j;
            int e = row * h + j;
            double rg = sig(as[b] + us[b]);
            double z = sig(as[b + h] + us[b + h]);
            double c = Math.tanh(as[b + 2 * h] + rg * us[b + 2 * h]);
            gates[b] = rg;
            gates[b + h] = z;
            gates[b + 2 * h] = c;
            h2[e] = (1 - z) * c + z * hs[e];
            double dn = dhs[e] * (1 - z) * (1 - c * c);
            double dz = dhs[e] * (hs[e] - c) * z * (1 - z);
            double dr = dn * us[b + 2 * h] * rg * (1 - rg);
            da[b] = dr;
            da[b + h] = dz;
            da[b + 2 * h] = dn;
            du[b] = dr;
            du[b + h] = dz;
            du[b + 2 * h] = dn * rg;
            dhp[e] = dhs[e] * z;
          }
        }
        for (Kernels k : new Kernels[] {CPU, DEFAULTS}) {
          String what = (k == CPU ? "cpu " : "default ") + dt + (zeroState ? " zero state" : "");
          Tensor[] fwd = k.gruCell(a, u, hp);
          close(gates, fwd[0].toDoubleArray(), tol, what + " gates");
          close(h2, fwd[1].toDoubleArray(), tol, what + " h'");
          Tensor[] bwd = k.gruCellBackward(fwd[0], u, hp, dh);
          close(da, bwd[0].toDoubleArray(), tol * 10, what + " da");
          close(du, bwd[1].toDoubleArray(), tol * 10, what + " du");
          close(dhp, bwd[2].toDoubleArray(), tol * 10, what + " dh");
          assertEquals(dt, bwd[2].dtype());
        }
      }
    }
  }

  @Test
  void softmaxCrossEntropyMatchesTheOracleFusedAndComposed() {
    Random r = new Random(4);
    int[] labels = {3, 0, 6, 6, 1};
    for (DType dt : DType.values()) {
      double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-12;
      Tensor x = random(r, dt, 5, 7);
      double[] xs = x.toDoubleArray();
      double[] loss = new double[5];
      double[] grad = new double[35];
      for (int i = 0; i < 5; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 7; c++) {
          max = Math.max(max, xs[i * 7 + c]);
        }
        double sum = 0;
        for (int c = 0; c < 7; c++) {
          sum += Math.exp(xs[i * 7 + c] - max);
        }
        loss[i] = max + Math.log(sum) - xs[i * 7 + labels[i]];
        for (int c = 0; c < 7; c++) {
          grad[i * 7 + c] = Math.exp(xs[i * 7 + c] - max) / sum - (c == labels[i] ? 1 : 0);
        }
      }
      for (Kernels k : new Kernels[] {CPU, DEFAULTS}) {
        Tensor[] got = k.softmaxCrossEntropy(x, labels);
        assertArrayEquals(new int[] {5}, got[0].shape());
        assertArrayEquals(new int[] {5, 7}, got[1].shape());
        assertEquals(dt, got[0].dtype());
        assertEquals(dt, got[1].dtype());
        close(loss, got[0].toDoubleArray(), tol, dt + " loss");
        close(grad, got[1].toDoubleArray(), tol, dt + " grad");
      }
    }
    // stable for large logits
    Tensor big = Tensor.of(new double[] {1000, -1000, 0}, 1, 3);
    assertEquals(0.0, CPU.softmaxCrossEntropy(big, new int[] {0})[0].item(), 1e-12);
    assertEquals(2000.0, CPU.softmaxCrossEntropy(big, new int[] {1})[0].item(), 1e-9);
  }

  @Test
  void softmaxCrossEntropyNamesBadLabels() {
    Tensor x = Tensor.zeros(DType.FLOAT32, 2, 3);
    for (Kernels k : new Kernels[] {CPU, DEFAULTS}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> k.softmaxCrossEntropy(x, new int[] {0, 3}));
      assertEquals("softmaxCrossEntropy: labels: labels[1] = 3 is outside [0, 3)", e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> k.softmaxCrossEntropy(x, new int[] {0}));
      assertEquals(
          "softmaxCrossEntropy: labels: need (N, C) logits and N labels, got logits [2, 3] and 1"
              + " labels",
          e.getMessage());
    }
  }

  @Test
  void matmulAddDefaultIsTheProductPlusTheBroadcastAddend() {
    Random r = new Random(5);
    Tensor a = random(r, DType.FLOAT64, 3, 4, 6);
    Tensor b = random(r, DType.FLOAT64, 5, 6);
    for (Tensor addend :
        new Tensor[] {
          random(r, DType.FLOAT64, 5),
          random(r, DType.FLOAT64, 4, 1),
          random(r, DType.FLOAT64, 3, 4, 5)
        }) {
      double[] want = a.matmul(b, false, true).add(addend).toDoubleArray();
      close(want, DEFAULTS.matmulAdd(a, b, false, true, addend).toDoubleArray(), 1e-12, "default");
      close(want, CPU.matmulAdd(a, b, false, true, addend).toDoubleArray(), 1e-12, "cpu");
    }
  }

  @Test
  void fusedConvolutionMatchesTheBookLoweringForwardAndBackwardAnyThreadCount() {
    // {N, C, H, W, FN, FH, FW, stride, pad}: SimpleConvNet-like, DeepConvNet-like (3×3, pad 1),
    // stride 2, a non-square filter, more images than CONV_BLOCKS, a single image, and one large
    // enough to be split over the threads
    int[][] cases = {
      {16, 4, 16, 16, 8, 3, 3, 1, 1},
      {3, 1, 12, 12, 4, 5, 5, 1, 0},
      {2, 3, 9, 9, 5, 3, 3, 1, 1},
      {2, 2, 9, 7, 3, 3, 3, 2, 1},
      {3, 2, 6, 8, 2, 2, 3, 1, 0},
      {11, 2, 5, 5, 3, 3, 3, 1, 1},
      {1, 1, 4, 4, 1, 4, 4, 1, 0},
      {2, 1, 1, 3, 2, 3, 3, 2, 1} // a filter wider than the image plus padding on one side
    };
    Random r = new Random(12);
    int saved = ComputePool.threads();
    try {
      for (int[] c : cases) {
        for (DType dt : DType.values()) {
          // small integers: every product and sum is exact in both dtypes, whatever the order
          // (FLOAT32 runs the fused kernel; FLOAT64, for gradient checks, the book's lowering)
          double tol = 0;
          String at = dt + " " + java.util.Arrays.toString(c);
          Tensor x = integers(r, dt, c[0], c[1], c[2], c[3]);
          Tensor w = integers(r, dt, c[4], c[1], c[5], c[6]);
          Tensor b = integers(r, dt, c[4]);
          Tensor ref = DEFAULTS.conv2d(x, w, b, c[7], c[8]);
          Tensor gy = integers(r, dt, ref.shape());
          Tensor[] gref = DEFAULTS.conv2dBackward(x, w, gy, c[7], c[8], true, true, true);
          Tensor[] first = null;
          for (int threads : new int[] {1, 2, 3}) {
            ComputePool.setThreads(threads);
            Tensor y = CPU.conv2d(x, w, b, c[7], c[8]);
            assertArrayEquals(ref.shape(), y.shape(), at);
            assertEquals(dt, y.dtype(), at);
            close(ref.toDoubleArray(), y.toDoubleArray(), tol, at + " y");
            close(
                DEFAULTS.conv2d(x, w, null, c[7], c[8]).toDoubleArray(),
                CPU.conv2d(x, w, null, c[7], c[8]).toDoubleArray(),
                tol,
                at + " y without bias");
            Tensor[] g = CPU.conv2dBackward(x, w, gy, c[7], c[8], true, true, true);
            String[] names = {"dx", "dW", "db"};
            for (int i = 0; i < 3; i++) {
              assertArrayEquals(gref[i].shape(), g[i].shape(), at + " " + names[i]);
              close(gref[i].toDoubleArray(), g[i].toDoubleArray(), tol, at + " " + names[i]);
            }
            Tensor[] all = {y, g[0], g[1], g[2]};
            if (first == null) {
              first = all;
            } else {
              for (int i = 0; i < all.length; i++) {
                assertArrayEquals(
                    first[i].toDoubleArray(), all[i].toDoubleArray(), at + " threads=" + threads);
              }
            }
          }
          // only what is asked for
          Tensor[] onlyW = CPU.conv2dBackward(x, w, gy, c[7], c[8], false, true, false);
          assertEquals(null, onlyW[0]);
          assertEquals(null, onlyW[2]);
          close(gref[1].toDoubleArray(), onlyW[1].toDoubleArray(), tol, at + " dW alone");
          Tensor[] onlyX = CPU.conv2dBackward(x, w, gy, c[7], c[8], true, false, false);
          assertEquals(null, onlyX[1]);
          close(gref[0].toDoubleArray(), onlyX[0].toDoubleArray(), tol, at + " dx alone");
        }
      }
    } finally {
      ComputePool.setThreads(saved);
    }
  }

  @Test
  void maxPoolDefaultsRecordNothingAndRouteAsTheSearch() {
    Random r = new Random(6);
    Tensor x = random(r, DType.FLOAT32, 2, 3, 6, 8);
    Tensor gy = random(r, DType.FLOAT32, 2, 3, 3, 4);
    Pooled rec = DEFAULTS.maxPool2dRecording(x, 2, 2, 2, 0);
    assertFalse(rec.recorded());
    assertArrayEquals(CPU.maxPool2d(x, 2, 2, 2, 0).toFloatArray(), rec.output().toFloatArray());
    float[] want = CPU.maxPool2dBackward(x, gy, 2, 2, 2, 0).toFloatArray();
    assertArrayEquals(want, DEFAULTS.maxPool2dBackward(x, gy, 2, 2, 2, 0, rec).toFloatArray());
    Pooled cpu = CPU.maxPool2dRecording(x, 2, 2, 2, 0);
    assertTrue(cpu.recorded());
    // a backend keeping its default backward ignores another backend's record
    assertArrayEquals(want, DEFAULTS.maxPool2dBackward(x, gy, 2, 2, 2, 0, cpu).toFloatArray());
  }
}
