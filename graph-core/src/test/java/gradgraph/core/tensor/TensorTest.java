package gradgraph.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.device.BinaryOp;
import gradgraph.core.device.Device;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.device.UnaryOp;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void creationKeepsPrecisionOfTheJavaArray() {
    Tensor d = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(DType.FLOAT64, d.dtype());
    assertArrayEquals(new int[] {2, 3}, d.shape());
    assertEquals(2, d.rank());
    assertEquals(6, d.size());
    assertEquals(6.0, d.get(1, 2));
    Tensor f = Tensor.of(new float[] {1.5f, 2.5f}, 2);
    assertEquals(DType.FLOAT32, f.dtype());
    assertEquals(2.5, f.get(1));
    assertEquals(0, Tensor.scalar(7).rank());
    assertEquals(7.0, Tensor.scalar(7).item());
  }

  @Test
  void creationCopiesTheArray() {
    double[] data = {1, 2};
    Tensor t = Tensor.of(data, 2);
    data[0] = 99;
    assertEquals(1.0, t.get(0));
  }

  @Test
  void factories() {
    assertArrayEquals(new double[] {0, 0, 0}, Tensor.zeros(DType.FLOAT64, 3).toDoubleArray());
    assertArrayEquals(new float[] {1, 1}, Tensor.ones(DType.FLOAT32, 2).toFloatArray());
    assertArrayEquals(new double[] {7, 7}, Tensor.full(DType.FLOAT64, 7, 2).toDoubleArray());
    assertArrayEquals(
        new double[] {0, 0.5, 1, 1.5}, Tensor.arange(0, 2, 0.5, DType.FLOAT64).toDoubleArray());
    assertArrayEquals(new double[] {1, 0, 0, 1}, Tensor.eye(2, DType.FLOAT64).toDoubleArray());
    assertEquals(0, Tensor.arange(3, 1, 1, DType.FLOAT32).size());
  }

  @Test
  void seededRandomIsReproducibleAndHasTheRightMoments() {
    Tensor a = Tensor.randn(new Well19937c(42), DType.FLOAT64, 1.0, 2.0, 100, 100);
    Tensor b = Tensor.randn(new Well19937c(42), DType.FLOAT64, 1.0, 2.0, 100, 100);
    assertTrue(a.allClose(b, 0, 0));
    double mean = a.sum().item() / a.size();
    assertEquals(1.0, mean, 0.06);
    double var = a.add(-mean).map(UnaryOp.SQUARE).sum().item() / a.size();
    assertEquals(4.0, var, 0.2);
    Tensor u = Tensor.rand(new Well19937c(1), DType.FLOAT32, -1, 1, 1000);
    double[] v = u.toDoubleArray();
    for (double x : v) {
      assertTrue(x >= -1 && x < 1);
    }
  }

  @Test
  void dtypeConversion() {
    Tensor d = Tensor.vector(1.25, 2.5);
    Tensor f = d.to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, f.dtype());
    assertArrayEquals(new double[] {1.25, 2.5}, f.to(DType.FLOAT64).toDoubleArray());
    assertTrue(d.to(DType.FLOAT64) == d);
  }

  @Test
  void broadcastingBinaryOps() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor row = Tensor.vector(10, 20, 30);
    Tensor col = Tensor.of(new double[] {100, 200}, 2, 1);
    assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, a.add(row).toDoubleArray());
    assertArrayEquals(new double[] {101, 102, 103, 204, 205, 206}, a.add(col).toDoubleArray());
    Tensor outer = col.mul(row.reshape(1, 3));
    assertArrayEquals(new int[] {2, 3}, outer.shape());
    assertArrayEquals(new double[] {1000, 2000, 3000, 2000, 4000, 6000}, outer.toDoubleArray());
    assertArrayEquals(
        new double[] {0.5, 1, 1.5, 2, 2.5, 3}, a.div(Tensor.scalar(2)).toDoubleArray());
    assertArrayEquals(
        new double[] {0, 0, 1, 1, 1, 1}, a.zip(BinaryOp.GT, Tensor.scalar(2)).toDoubleArray());
  }

  @Test
  void float32BroadcastingMatchesFloat64() {
    Tensor a = Tensor.rand(new Well19937c(3), DType.FLOAT64, 0.1, 2, 4, 1, 5); // > 0 for POW
    Tensor b = Tensor.randn(new Well19937c(4), DType.FLOAT64, 0, 1, 3, 1);
    for (BinaryOp op : BinaryOp.values()) {
      Tensor d = a.zip(op, b);
      Tensor f = a.to(DType.FLOAT32).zip(op, b.to(DType.FLOAT32));
      assertArrayEquals(new int[] {4, 3, 5}, f.shape());
      assertTrue(f.to(DType.FLOAT64).allClose(d, 1e-5, 1e-5), op.name());
    }
  }

  @Test
  void mixedDtypesPromote() {
    Tensor f = Tensor.of(new float[] {1, 2}, 2);
    Tensor d = Tensor.vector(0.5, 0.5);
    assertEquals(DType.FLOAT64, f.add(d).dtype());
    assertEquals(DType.FLOAT32, f.mul(2.0).dtype());
  }

  @Test
  void broadcastErrorNamesOpAndShapes() {
    Tensor a = Tensor.zeros(DType.FLOAT64, 2, 3);
    Tensor b = Tensor.zeros(DType.FLOAT64, 4);
    ShapeException e = assertThrows(ShapeException.class, () -> a.add(b));
    assertEquals("add: shapes cannot be broadcast together: [2, 3] vs [4]", e.getMessage());
    assertTrue(e instanceof IllegalArgumentException);
  }

  @Test
  void matmulErrorNamesOpAndShapes() {
    Tensor a = Tensor.zeros(DType.FLOAT64, 2, 3);
    Tensor b = Tensor.zeros(DType.FLOAT64, 4, 5);
    ShapeException e = assertThrows(ShapeException.class, () -> a.matmul(b));
    assertEquals("matmul: inner dimensions differ: [2, 3] vs [4, 5]", e.getMessage());
  }

  @Test
  void reductionsOverAxesWithKeepDims() {
    Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(21.0, a.sum().item());
    assertArrayEquals(new double[] {5, 7, 9}, a.sum(false, 0).toDoubleArray());
    Tensor k = a.sum(true, 1);
    assertArrayEquals(new int[] {2, 1}, k.shape());
    assertArrayEquals(new double[] {6, 15}, k.toDoubleArray());
    assertArrayEquals(new double[] {6, 15}, a.sum(false, -1).toDoubleArray());
    assertArrayEquals(new double[] {3, 6}, a.reduce(ReduceOp.MAX, false, 1).toDoubleArray());
    assertArrayEquals(new double[] {1, 2, 3}, a.reduce(ReduceOp.MIN, false, 0).toDoubleArray());
    assertArrayEquals(new int[] {2, 2}, a.argMax(1));
    Tensor b = Tensor.randn(new Well19937c(9), DType.FLOAT32, 0, 1, 2, 3, 4);
    Tensor s = b.sum(false, 0, 2);
    assertArrayEquals(new int[] {3}, s.shape());
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      for (int l = 0; l < 4; l++) {
        expected += b.get(i, 1, l);
      }
    }
    assertEquals(expected, s.get(1), 1e-5);
  }

  @Test
  void sumOverEmptyAxisIsZero() {
    Tensor e = Tensor.zeros(DType.FLOAT64, 0, 3);
    assertArrayEquals(new double[] {0, 0, 0}, e.sum(false, 0).toDoubleArray());
  }

  @Test
  void matmulMatchesNaiveOracleIncludingTransposesAndBatches() {
    Well19937c rng = new Well19937c(5);
    int[][] shapes = {{1, 1, 1}, {2, 3, 4}, {7, 13, 5}, {33, 17, 9}};
    for (DType dt : DType.values()) {
      for (int[] s : shapes) {
        int m = s[0];
        int k = s[1];
        int n = s[2];
        Tensor a = Tensor.randn(rng, dt, 0, 1, m, k);
        Tensor b = Tensor.randn(rng, dt, 0, 1, k, n);
        Tensor expect = naive(a, b);
        double tol = dt == DType.FLOAT32 ? 1e-4 : 1e-12;
        assertTrue(a.matmul(b).allClose(expect, tol, tol));
        assertTrue(a.transpose().matmul(b, true, false).allClose(expect, tol, tol));
        assertTrue(a.matmul(b.transpose(), false, true).allClose(expect, tol, tol));
        assertTrue(a.transpose().matmul(b.transpose(), true, true).allClose(expect, tol, tol));
      }
    }
    Tensor a = Tensor.randn(rng, DType.FLOAT64, 0, 1, 3, 2, 4);
    Tensor b = Tensor.randn(rng, DType.FLOAT64, 0, 1, 4, 5);
    Tensor c = a.matmul(b);
    assertArrayEquals(new int[] {3, 2, 5}, c.shape());
    for (int i = 0; i < 3; i++) {
      Tensor ai = Tensor.of(slice(a, i), 2, 4);
      assertTrue(Tensor.of(slice(c, i), 2, 5).allClose(naive(ai, b), 1e-12, 1e-12));
    }
  }

  private static double[] slice(Tensor t, int i) {
    int per = t.size() / t.dim(0);
    double[] all = t.toDoubleArray();
    return java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per);
  }

  private static Tensor naive(Tensor a, Tensor b) {
    int m = a.dim(0);
    int k = a.dim(1);
    int n = b.dim(1);
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += a.get(i, p) * b.get(p, j);
        }
        c[i * n + j] = s;
      }
    }
    return Tensor.of(c, m, n);
  }

  @Test
  void reshapeAndPermute() {
    Tensor a = Tensor.arange(0, 24, 1, DType.FLOAT64).reshape(2, 3, 4);
    assertArrayEquals(new int[] {6, 4}, a.reshape(-1, 4).shape());
    Tensor p = a.permute(2, 0, 1);
    assertArrayEquals(new int[] {4, 2, 3}, p.shape());
    assertEquals(a.get(1, 2, 3), p.get(3, 1, 2));
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose();
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.toDoubleArray());
    ShapeException e = assertThrows(ShapeException.class, () -> a.reshape(5, 5));
    assertTrue(e.getMessage().startsWith("reshape: element count differs"), e.getMessage());
  }

  @Test
  void broadcastToAndSumToAreAdjoint() {
    Tensor b = Tensor.vector(1, 2, 3);
    Tensor big = b.broadcastTo(2, 3);
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, big.toDoubleArray());
    assertArrayEquals(new double[] {2, 4, 6}, big.sumTo(3).toDoubleArray());
    Tensor col = Tensor.of(new double[] {1, 2}, 2, 1).broadcastTo(2, 3);
    assertArrayEquals(new double[] {3, 6}, col.sumTo(2, 1).toDoubleArray());
    assertThrows(ShapeException.class, () -> b.broadcastTo(2, 4));
  }

  @Test
  void toStringLooksLikeNumpy() {
    assertEquals(
        "tensor([[1., 2.],\n        [3., 4.]])",
        Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).toString());
    assertEquals("tensor(2.5000)", Tensor.scalar(2.5).toString());
    assertEquals(
        "tensor([0.5000, 1.2500], dtype=float32)",
        Tensor.of(new float[] {0.5f, 1.25f}, 2).toString());
    String big = Tensor.zeros(DType.FLOAT64, 2000).toString();
    assertTrue(big.contains("..."), big);
    assertTrue(big.contains("shape=[2000]"), big);
    assertTrue(big.length() < 100, big);
  }

  @Test
  void allCloseHelper() {
    Tensor a = Tensor.vector(1, 2);
    assertTrue(a.allClose(Tensor.vector(1 + 1e-9, 2), 0, 1e-8));
    assertFalse(a.allClose(Tensor.vector(1.1, 2), 0, 1e-8));
    assertFalse(a.allClose(Tensor.vector(1, 2, 3), 1, 1));
    assertFalse(Tensor.vector(Double.NaN).allClose(Tensor.vector(Double.NaN), 1, 1));
  }

  @Test
  void cudaWithoutBackendFailsWithReasonAndAdvice() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Device.cuda(0).kernels());
    assertTrue(e.getMessage().contains("backend-cuda"), e.getMessage());
    assertTrue(e.getMessage().contains("cpu"), e.getMessage());
    assertEquals(Device.CPU, Device.parse("cpu"));
    assertEquals(Device.cuda(1), Device.parse("cuda:1"));
    assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
  }

  @Test
  void movementKernels() {
    Tensor a = Tensor.arange(0, 12, 1, DType.FLOAT32).reshape(3, 4);
    var k = Device.CPU.kernels();
    Tensor s = k.slice(a, new int[] {1, 1}, new int[] {3, 3});
    assertArrayEquals(new double[] {5, 6, 9, 10}, s.toDoubleArray());
    Tensor p = k.pad(s, new int[] {3, 4}, new int[] {1, 1});
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 5, 6, 0, 0, 9, 10, 0}, p.toDoubleArray());
    Tensor sel = k.indexSelect(a, 0, new int[] {2, 0, 2});
    assertArrayEquals(new double[] {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}, sel.toDoubleArray());
    Tensor back = k.indexAdd(sel, new int[] {3, 4}, 0, new int[] {2, 0, 2});
    assertEquals(16.0, back.get(2, 0));
    assertEquals(0.0, back.get(1, 0));
    Tensor cat = k.concat(new Tensor[] {a, a}, 1);
    assertArrayEquals(new int[] {3, 8}, cat.shape());
    assertEquals(7.0, cat.get(1, 7));
    Tensor sm = k.softmax(Tensor.vector(1000, 1000, -1000), 0, false);
    assertArrayEquals(new double[] {0.5, 0.5, 0}, sm.toDoubleArray(), 1e-12);
  }
}
