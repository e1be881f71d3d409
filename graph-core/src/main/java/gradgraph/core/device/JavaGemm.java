package gradgraph.core.device;

/**
 * The pure-Java GEMM kernel, used when the Vector API module is absent (or switched off). B is
 * packed per block into one plain array per row, and four rows of C accumulate in plain arrays, so
 * the hot loop touches every array at the same index: C2 then vectorizes it, where it does not for
 * loops over one array at two offsets (possible aliasing). About a third of the Vector API kernel's
 * speed, several times the naive loop.
 */
final class JavaGemm extends GemmKernel {
  static final JavaGemm INSTANCE = new JavaGemm();

  // C[i, j] += A[i, p] * B[p, j], blocked KC x NC (B block ~512 KB: L2), four rows of A at a time
  private static final int KC = 256;
  private static final int NC = 512;
  private static final int D_NC = 256; // the same 512 KB B block in doubles

  private static final ThreadLocal<FloatBuffers> F_BUFFERS =
      ThreadLocal.withInitial(FloatBuffers::new);
  private static final ThreadLocal<DoubleBuffers> D_BUFFERS =
      ThreadLocal.withInitial(DoubleBuffers::new);

  private JavaGemm() {}

  @Override
  String name() {
    return "java";
  }

  @Override
  void gemm(
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
      int j1) {
    FloatBuffers buf = F_BUFFERS.get();
    float[][] bp = buf.b;
    float[] acc0 = buf.acc[0];
    float[] acc1 = buf.acc[1];
    float[] acc2 = buf.acc[2];
    float[] acc3 = buf.acc[3];
    int lda = ta ? m : k;
    int sa = ta ? 1 : lda; // A(i, p) = a[ao + i * sa + p * sp]
    int sp = ta ? lda : 1;
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        // bp[p][j] = B(pc + p, jc + j): one plain array per row of the block
        for (int p = 0; p < kc; p++) {
          float[] row = bp[p];
          if (tb) {
            for (int j = 0; j < nc; j++) {
              row[j] = b[bo + (jc + j) * k + pc + p];
            }
          } else {
            System.arraycopy(b, bo + (pc + p) * n + jc, row, 0, nc);
          }
        }
        for (int i = i0; i < i1; i += 4) {
          int rows = Math.min(4, i1 - i);
          java.util.Arrays.fill(acc0, 0, nc, 0f);
          java.util.Arrays.fill(acc1, 0, nc, 0f);
          java.util.Arrays.fill(acc2, 0, nc, 0f);
          java.util.Arrays.fill(acc3, 0, nc, 0f);
          int r0 = ao + i * sa + pc * sp;
          int r1 = rows > 1 ? r0 + sa : r0;
          int r2 = rows > 2 ? r0 + 2 * sa : r0;
          int r3 = rows > 3 ? r0 + 3 * sa : r0;
          for (int p = 0; p < kc; p++) {
            float x0 = a[r0 + p * sp];
            float x1 = a[r1 + p * sp];
            float x2 = a[r2 + p * sp];
            float x3 = a[r3 + p * sp];
            float[] row = bp[p];
            // every array at the same index j, so C2 vectorizes the loop
            for (int j = 0; j < nc; j++) {
              float v = row[j];
              acc0[j] += x0 * v;
              acc1[j] += x1 * v;
              acc2[j] += x2 * v;
              acc3[j] += x3 * v;
            }
          }
          addRow(acc0, c, co + i * n + jc, nc);
          if (rows > 1) {
            addRow(acc1, c, co + (i + 1) * n + jc, nc);
          }
          if (rows > 2) {
            addRow(acc2, c, co + (i + 2) * n + jc, nc);
          }
          if (rows > 3) {
            addRow(acc3, c, co + (i + 3) * n + jc, nc);
          }
        }
      }
    }
  }

  private static void addRow(float[] acc, float[] c, int off, int len) {
    for (int j = 0; j < len; j++) {
      c[off + j] += acc[j];
    }
  }

  @Override
  void gemm(
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
      int j1) {
    DoubleBuffers buf = D_BUFFERS.get();
    double[][] bp = buf.b;
    double[] acc0 = buf.acc[0];
    double[] acc1 = buf.acc[1];
    double[] acc2 = buf.acc[2];
    double[] acc3 = buf.acc[3];
    int lda = ta ? m : k;
    int sa = ta ? 1 : lda; // A(i, p) = a[ao + i * sa + p * sp]
    int sp = ta ? lda : 1;
    for (int jc = j0; jc < j1; jc += D_NC) {
      int nc = Math.min(D_NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        // bp[p][j] = B(pc + p, jc + j): one plain array per row of the block
        for (int p = 0; p < kc; p++) {
          double[] row = bp[p];
          if (tb) {
            for (int j = 0; j < nc; j++) {
              row[j] = b[bo + (jc + j) * k + pc + p];
            }
          } else {
            System.arraycopy(b, bo + (pc + p) * n + jc, row, 0, nc);
          }
        }
        for (int i = i0; i < i1; i += 4) {
          int rows = Math.min(4, i1 - i);
          java.util.Arrays.fill(acc0, 0, nc, 0.0);
          java.util.Arrays.fill(acc1, 0, nc, 0.0);
          java.util.Arrays.fill(acc2, 0, nc, 0.0);
          java.util.Arrays.fill(acc3, 0, nc, 0.0);
          int r0 = ao + i * sa + pc * sp;
          int r1 = rows > 1 ? r0 + sa : r0;
          int r2 = rows > 2 ? r0 + 2 * sa : r0;
          int r3 = rows > 3 ? r0 + 3 * sa : r0;
          for (int p = 0; p < kc; p++) {
            double x0 = a[r0 + p * sp];
            double x1 = a[r1 + p * sp];
            double x2 = a[r2 + p * sp];
            double x3 = a[r3 + p * sp];
            double[] row = bp[p];
            // every array at the same index j, so C2 vectorizes the loop
            for (int j = 0; j < nc; j++) {
              double v = row[j];
              acc0[j] += x0 * v;
              acc1[j] += x1 * v;
              acc2[j] += x2 * v;
              acc3[j] += x3 * v;
            }
          }
          addRow(acc0, c, co + i * n + jc, nc);
          if (rows > 1) {
            addRow(acc1, c, co + (i + 1) * n + jc, nc);
          }
          if (rows > 2) {
            addRow(acc2, c, co + (i + 2) * n + jc, nc);
          }
          if (rows > 3) {
            addRow(acc3, c, co + (i + 3) * n + jc, nc);
          }
        }
      }
    }
  }

  private static void addRow(double[] acc, double[] c, int off, int len) {
    for (int j = 0; j < len; j++) {
      c[off + j] += acc[j];
    }
  }

  private static final class FloatBuffers {
    final float[][] b = new float[KC][NC];
    final float[][] acc = new float[4][NC];
  }

  private static final class DoubleBuffers {
    final double[][] b = new double[KC][D_NC];
    final double[][] acc = new double[4][D_NC];
  }
}
