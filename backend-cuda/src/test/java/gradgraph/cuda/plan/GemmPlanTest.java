package gradgraph.cuda.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.ShapeException;
import gradgraph.core.tensor.Tensor;
import java.util.stream.Stream;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The row-major-to-column-major mapping, checked numerically: a plain Java model of cuBLAS's
 * column-major strided batched GEMM, fed exactly what the plan says, must reproduce the CPU's
 * matmul for every transpose combination and batch broadcast.
 */
class GemmPlanTest {

  /** cuBLAS semantics: C_i(col-major, m×n) = op(A_i)·op(B_i), A_i at a + i·strideA, etc. */
  static void cublasGemm(
      boolean ta,
      boolean tb,
      int m,
      int n,
      int k,
      double[] a,
      int lda,
      long sa,
      double[] b,
      int ldb,
      long sb,
      double[] c,
      int ldc,
      long sc,
      int batch) {
    for (int bi = 0; bi < batch; bi++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double acc = 0;
          for (int p = 0; p < k; p++) {
            double av = ta ? a[(int) (bi * sa) + p + i * lda] : a[(int) (bi * sa) + i + p * lda];
            double bv = tb ? b[(int) (bi * sb) + j + p * ldb] : b[(int) (bi * sb) + p + j * ldb];
            acc += av * bv;
          }
          c[(int) (bi * sc) + i + j * ldc] = acc;
        }
      }
    }
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(new int[] {3, 4}, new int[] {4, 5}, false, false),
        Arguments.of(new int[] {4, 3}, new int[] {4, 5}, true, false),
        Arguments.of(new int[] {3, 4}, new int[] {5, 4}, false, true),
        Arguments.of(new int[] {4, 3}, new int[] {5, 4}, true, true),
        Arguments.of(new int[] {1, 1}, new int[] {1, 1}, false, false),
        Arguments.of(new int[] {1, 7}, new int[] {7, 1}, false, false),
        Arguments.of(new int[] {2, 3, 4}, new int[] {2, 4, 5}, false, false),
        Arguments.of(new int[] {2, 3, 4}, new int[] {4, 5}, false, false),
        Arguments.of(new int[] {3, 4}, new int[] {2, 5, 4}, false, true),
        Arguments.of(new int[] {2, 1, 4, 3}, new int[] {1, 3, 4, 5}, true, false),
        Arguments.of(new int[] {1, 2, 3, 4}, new int[] {2, 4, 5}, false, false));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void columnMajorTrickReproducesRowMajorMatmul(int[] as, int[] bs, boolean ta, boolean tb) {
    Tensor a = Tensor.rand(new Well19937c(1), DType.FLOAT64, -1, 1, as);
    Tensor b = Tensor.rand(new Well19937c(2), DType.FLOAT64, -1, 1, bs);
    Tensor expected = a.matmul(b, ta, tb);
    GemmPlan p = GemmPlan.of(as, bs, ta, tb);
    assertArrayEquals(expected.shape(), p.outShape());
    Tensor x = p.expandA() == null ? a : a.broadcastTo(p.expandA());
    Tensor y = p.expandB() == null ? b : b.broadcastTo(p.expandB());
    double[] c = new double[expected.size()];
    cublasGemm(
        p.cublasTransA(),
        p.cublasTransB(),
        p.cublasM(),
        p.cublasN(),
        p.k(),
        y.toDoubleArray(),
        p.ldFirst(),
        p.strideFirst(),
        x.toDoubleArray(),
        p.ldSecond(),
        p.strideSecond(),
        c,
        p.ldc(),
        p.strideC(),
        p.batch());
    assertArrayEquals(expected.toDoubleArray(), c, 1e-12);
  }

  @Test
  void broadcastOperandGetsStrideZero() {
    GemmPlan p = GemmPlan.of(new int[] {6, 3, 4}, new int[] {4, 5}, false, false);
    assertEquals(6, p.batch());
    assertEquals(0, p.strideFirst());
    assertEquals(12, p.strideSecond());
    assertEquals(15, p.strideC());
    assertNull(p.expandA());
    assertNull(p.expandB());
  }

  @Test
  void crossBroadcastBatchesAreExpanded() {
    GemmPlan p = GemmPlan.of(new int[] {2, 1, 3, 4}, new int[] {1, 3, 4, 5}, false, false);
    assertArrayEquals(new int[] {2, 3, 3, 4}, p.expandA());
    assertArrayEquals(new int[] {2, 3, 4, 5}, p.expandB());
    assertEquals(6, p.batch());
  }

  @Test
  void plainProductSwapsOperandsForCublas() {
    GemmPlan p = GemmPlan.of(new int[] {3, 4}, new int[] {4, 5}, false, false);
    assertEquals(5, p.cublasM());
    assertEquals(3, p.cublasN());
    assertEquals(5, p.ldFirst());
    assertEquals(4, p.ldSecond());
    assertEquals(5, p.ldc());
  }

  @Test
  void emptyAndZeroInnerDimension() {
    assertTrue(GemmPlan.of(new int[] {0, 4}, new int[] {4, 5}, false, false).isEmpty());
    assertTrue(GemmPlan.of(new int[] {0, 3, 4}, new int[] {4, 5}, false, false).isEmpty());
    GemmPlan z = GemmPlan.of(new int[] {3, 0}, new int[] {0, 5}, false, false);
    assertTrue(z.isZeroFill());
    assertTrue(z.ldSecond() >= 1 && z.ldFirst() >= 1, "cuBLAS needs leading dimensions >= 1");
  }

  @Test
  void badShapesFailLikeTheCpu() {
    var e =
        assertThrows(
            ShapeException.class,
            () -> GemmPlan.of(new int[] {2, 3}, new int[] {4, 5}, false, false));
    assertEquals("matmul: inner dimensions differ: [2, 3] vs [4, 5]", e.getMessage());
  }
}
