package gradgraph.cuda.plan;

import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * A row-major batched matrix product {@code C = op(A)·op(B)} mapped onto one column-major cuBLAS
 * {@code gemmStridedBatched} call. cuBLAS reads a row-major {@code [r, c]} array as the
 * column-major {@code c × r} matrix, its transpose, so the plan asks cuBLAS for {@code Cᵀ =
 * op(B)ᵀ·op(A)ᵀ}: the operands swap places, {@code m} and {@code n} swap, and each operand's
 * transpose flag passes through unchanged. Batch dimensions broadcast: an operand whose batch is
 * all ones gets stride 0; one whose batch differs otherwise from the output's must first be
 * expanded ({@link #expandA}).
 *
 * @param outShape the shape of C
 * @param m rows of {@code op(A)} and C
 * @param n columns of {@code op(B)} and C
 * @param k the inner dimension
 * @param batch how many products
 * @param expandA the shape A must be broadcast to first, or null
 * @param expandB the shape B must be broadcast to first, or null
 * @param cublasTransA cuBLAS's first operand (our B) transposed
 * @param cublasTransB cuBLAS's second operand (our A) transposed
 * @param cublasM cuBLAS's m (our n)
 * @param cublasN cuBLAS's n (our m)
 * @param ldFirst leading dimension of cuBLAS's first operand (our B)
 * @param strideFirst batch stride of our B in elements (0 when broadcast)
 * @param ldSecond leading dimension of cuBLAS's second operand (our A)
 * @param strideSecond batch stride of our A in elements (0 when broadcast)
 * @param ldc leading dimension of C (our n)
 * @param strideC batch stride of C
 */
public record GemmPlan(
    int[] outShape,
    int m,
    int n,
    int k,
    int batch,
    int[] expandA,
    int[] expandB,
    boolean cublasTransA,
    boolean cublasTransB,
    int cublasM,
    int cublasN,
    int ldFirst,
    long strideFirst,
    int ldSecond,
    long strideSecond,
    int ldc,
    long strideC) {

  /**
   * Plans a product; shapes are checked as {@link Tensor#matmulShape} does.
   *
   * @param a A's shape, rank 2 or more
   * @param b B's shape, rank 2 or more
   * @param transA whether {@code op(A) = Aᵀ} (last two dimensions)
   * @param transB whether {@code op(B) = Bᵀ}
   * @return the plan
   */
  public static GemmPlan of(int[] a, int[] b, boolean transA, boolean transB) {
    int[] out = Tensor.matmulShape(a, b, transA, transB);
    int m = out[out.length - 2];
    int n = out[out.length - 1];
    int k = transA ? a[a.length - 2] : a[a.length - 1];
    int[] batchShape = Arrays.copyOf(out, out.length - 2);
    int batch = Shapes.size(batchShape);
    int[] expandA = expansion(a, batchShape);
    int[] expandB = expansion(b, batchShape);
    long strideA = batchSize(a) == 1 && expandA == null ? 0 : (long) m * k;
    long strideB = batchSize(b) == 1 && expandB == null ? 0 : (long) k * n;
    return new GemmPlan(
        out,
        m,
        n,
        k,
        batch,
        expandA,
        expandB,
        transB,
        transA,
        n,
        m,
        Math.max(1, transB ? k : n),
        strideB,
        Math.max(1, transA ? m : k),
        strideA,
        Math.max(1, n),
        (long) m * n);
  }

  private static int batchSize(int[] s) {
    return Shapes.size(Arrays.copyOf(s, s.length - 2));
  }

  // null when the operand's batch is all ones or already the output's batch (left-padded).
  private static int[] expansion(int[] s, int[] batchShape) {
    int[] own = Arrays.copyOf(s, s.length - 2);
    if (Shapes.size(own) == 1) {
      return null;
    }
    int[] padded = new int[batchShape.length];
    Arrays.fill(padded, 1);
    System.arraycopy(own, 0, padded, batchShape.length - own.length, own.length);
    if (Arrays.equals(padded, batchShape)) {
      return null;
    }
    int[] full = Arrays.copyOf(batchShape, batchShape.length + 2);
    full[batchShape.length] = s[s.length - 2];
    full[batchShape.length + 1] = s[s.length - 1];
    return full;
  }

  /**
   * Tells whether C is empty, so nothing runs.
   *
   * @return true when {@code m}, {@code n} or the batch is 0
   */
  public boolean isEmpty() {
    return m == 0 || n == 0 || batch == 0;
  }

  /**
   * Tells whether C is all zeros without a GEMM: the inner dimension is 0.
   *
   * @return true when {@code k == 0} and C is not empty
   */
  public boolean isZeroFill() {
    return k == 0 && !isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GemmPlan p && toString().equals(p.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "GemmPlan[out="
        + Arrays.toString(outShape)
        + ", m="
        + m
        + ", n="
        + n
        + ", k="
        + k
        + ", batch="
        + batch
        + ", expandA="
        + Arrays.toString(expandA)
        + ", expandB="
        + Arrays.toString(expandB)
        + ", cublas("
        + (cublasTransA ? "T" : "N")
        + (cublasTransB ? "T" : "N")
        + ", "
        + cublasM
        + "x"
        + cublasN
        + ", ld "
        + ldFirst
        + "/"
        + ldSecond
        + "/"
        + ldc
        + ", strides "
        + strideFirst
        + "/"
        + strideSecond
        + "/"
        + strideC
        + ")]";
  }
}
