package gradgraph.core.device;

/**
 * A blocked matrix-product kernel for one block of the output. {@code C[i, j] += Σ_p op(A)[i, p] ·
 * op(B)[p, j]} for {@code i0 <= i < i1}, {@code j0 <= j < j1}; row-major; A is stored {@code [m,
 * k]} or, when {@code ta}, {@code [k, m]}; B is {@code [k, n]} or, when {@code tb}, {@code [n, k]};
 * C is {@code [m, n]}. Each output element is computed by the same operations whichever block it
 * falls in, so splitting the output over threads does not change the result.
 */
abstract class GemmKernel {
  /** Returns a short name for messages and benchmarks, e.g. {@code vector}. */
  abstract String name();

  /**
   * Whether any block of C comes out bit-identical to the same block of the whole product, so that
   * the split over threads cannot change results. True for Gradgraph's kernels; a system BLAS may
   * use other micro-kernels at edges, and is then always cut the same way.
   */
  boolean blockInvariant() {
    return true;
  }

  abstract void gemm(
      float[] a,
      int ao,
      boolean ta,
      float[] b,
      int bo,
      boolean tb,
      float[] c,
      int co,
      int m,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1);

  abstract void gemm(
      double[] a,
      int ao,
      boolean ta,
      double[] b,
      int bo,
      boolean tb,
      double[] c,
      int co,
      int m,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1);
}
