package gradgraph.core.device;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API GEMM kernel (jdk.incubator.vector), in the layout of BLIS/GotoBLAS: B is packed
 * into panels two vectors wide, A into strips of six rows, and a 6 × 2-vector micro-kernel keeps
 * twelve accumulators in registers and issues one fused multiply-add per vector per step. Blocks
 * are sized for the caches: a KC × NR panel of B in L1, an MC × KC block of A and a KC × NC block
 * of B in L2. Transposed operands are read transposed while packing, never copied.
 *
 * <p>This is the only class that imports the incubator module; {@link CpuGemm} loads it by name
 * only when the module is present, so the pure-Java fallback never touches it.
 */
final class VectorGemm extends GemmKernel {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int F_V = FS.length();
  private static final int D_V = DS.length();
  private static final int F_NR = 2 * F_V;
  private static final int D_NR = 2 * D_V;
  private static final int MR = 6;
  private static final int KC = 256;
  private static final int MC = 96;
  private static final int F_NC = 512;
  // up to this many columns a B stored [k, n] is read in place (its rows 4·n bytes apart)
  private static final int DIRECT_B_MAX_N = 512;
  private static final int D_NC = 256;

  private static final ThreadLocal<FloatBuffers> F_BUFFERS =
      ThreadLocal.withInitial(FloatBuffers::new);
  private static final ThreadLocal<DoubleBuffers> D_BUFFERS =
      ThreadLocal.withInitial(DoubleBuffers::new);

  /** Creates the kernel; {@link CpuGemm} does, reflectively, once. */
  VectorGemm() {}

  @Override
  String name() {
    return "vector";
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
    float[] ap = buf.a;
    float[] bp = buf.b;
    float[] t = buf.t;
    if (n <= F_V) {
      smallN(a, ao, ta, b, bo, tb, c, co, m, n, k, i0, i1, j0, j1, buf);
      return;
    }
    // B untransposed and narrow enough that a panel's rows are close together: no packing
    boolean direct = !tb && n <= DIRECT_B_MAX_N;
    // k in equal blocks of at most KC (784 = 4 x 196, not 3 x 256 + 16)
    int kb = (k + KC - 1) / KC;
    int kStep = (k + kb - 1) / kb;
    for (int jc = j0; jc < j1; jc += F_NC) {
      int nc = Math.min(F_NC, j1 - jc);
      for (int pc = 0; pc < k; pc += kStep) {
        int kc = Math.min(kStep, k - pc);
        if (direct) {
          // only a last, partial panel needs a (zero-padded) copy
          int whole = nc / F_NR * F_NR;
          if (whole < nc) {
            packB(b, bo, false, n, k, pc, kc, jc + whole, nc - whole, bp);
          }
        } else {
          packB(b, bo, tb, n, k, pc, kc, jc, nc, bp);
        }
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          packA(a, ao, ta, m, k, ic, mc, pc, kc, ap);
          for (int jr = 0; jr < nc; jr += F_NR) {
            int cols = Math.min(F_NR, nc - jr);
            // whole panels of a B stored untransposed are read in place (row p of the panel is
            // contiguous), the rest from the packed copy
            boolean inPlace = direct && cols == F_NR;
            float[] bs = inPlace ? b : bp;
            int bOff = inPlace ? bo + pc * n + jc + jr : direct ? 0 : jr * kc;
            int ldb = inPlace ? n : F_NR;
            if (cols <= F_V) {
              // a narrow last panel: one vector instead of two, half the wasted work
              for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int at = co + (ic + ir) * n + jc + jr;
                kernel1(ap, ir * kc, bs, bOff, ldb, kc, c, at, n, rows, cols, t);
              }
            } else {
              for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int at = co + (ic + ir) * n + jc + jr;
                if (cols == F_NR || rows < MR) {
                  kernel(ap, ir * kc, bs, bOff, ldb, kc, c, at, n, rows, cols, t);
                } else {
                  kernelN(ap, ir * kc, bs, bOff, ldb, kc, c, at, n, rows, cols, t);
                }
              }
            }
          }
        }
      }
    }
  }

  // ap[(ir / MR) * kc * MR + p * MR + r] = A(ic + ir + r, pc + p), zero past the last row
  private static void packA(
      float[] a, int ao, boolean ta, int m, int k, int ic, int mc, int pc, int kc, float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc;
      int rows = Math.min(MR, mc - ir);
      if (rows == MR && !ta) {
        // six rows read side by side, the packed block written in order
        int s0 = ao + (ic + ir) * k + pc;
        int s1 = s0 + k;
        int s2 = s1 + k;
        int s3 = s2 + k;
        int s4 = s3 + k;
        int s5 = s4 + k;
        for (int p = 0, o = base; p < kc; p++, o += MR) {
          ap[o] = a[s0 + p];
          ap[o + 1] = a[s1 + p];
          ap[o + 2] = a[s2 + p];
          ap[o + 3] = a[s3 + p];
          ap[o + 4] = a[s4 + p];
          ap[o + 5] = a[s5 + p];
        }
        continue;
      }
      if (rows == MR) {
        // transposed: each step of p is six neighbouring values of one row of the stored A
        for (int p = 0, o = base, src = ao + pc * m + ic + ir; p < kc; p++, o += MR, src += m) {
          System.arraycopy(a, src, ap, o, MR);
        }
        continue;
      }
      for (int r = 0; r < MR; r++) {
        int o = base + r;
        if (r >= rows) {
          for (int p = 0; p < kc; p++) {
            ap[o + p * MR] = 0;
          }
        } else if (ta) {
          int src = ao + pc * m + ic + ir + r;
          for (int p = 0; p < kc; p++) {
            ap[o + p * MR] = a[src + p * m];
          }
        } else {
          int src = ao + (ic + ir + r) * k + pc;
          for (int p = 0; p < kc; p++) {
            ap[o + p * MR] = a[src + p];
          }
        }
      }
    }
  }

  // bp[(jr / NR) * kc * NR + p * NR + j] = B(pc + p, jc + jr + j), zero past the last column
  private static void packB(
      float[] b, int bo, boolean tb, int n, int k, int pc, int kc, int jc, int nc, float[] bp) {
    for (int jr = 0; jr < nc; jr += F_NR) {
      int base = jr * kc;
      int cols = Math.min(F_NR, nc - jr);
      if (tb) {
        for (int j = 0; j < F_NR; j++) {
          int o = base + j;
          if (j >= cols) {
            for (int p = 0; p < kc; p++) {
              bp[o + p * F_NR] = 0;
            }
          } else {
            int src = bo + (jc + jr + j) * k + pc;
            for (int p = 0; p < kc; p++) {
              bp[o + p * F_NR] = b[src + p];
            }
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int o = base + p * F_NR;
          System.arraycopy(b, bo + (pc + p) * n + jc + jr, bp, o, cols);
          for (int j = cols; j < F_NR; j++) {
            bp[o + j] = 0;
          }
        }
      }
    }
  }

  // kernel() for a tile of all six rows and more than one but fewer than two vectors of columns;
  // a method of its own, because one method holding both stores grows past what C2 inlines
  private static void kernelN(
      float[] ap,
      int ai,
      float[] bp,
      int bi,
      int ldb,
      int kc,
      float[] c,
      int ci,
      int ldc,
      int rows,
      int cols,
      float[] t) {
    FloatVector c00 = FloatVector.zero(FS);
    FloatVector c01 = FloatVector.zero(FS);
    FloatVector c10 = FloatVector.zero(FS);
    FloatVector c11 = FloatVector.zero(FS);
    FloatVector c20 = FloatVector.zero(FS);
    FloatVector c21 = FloatVector.zero(FS);
    FloatVector c30 = FloatVector.zero(FS);
    FloatVector c31 = FloatVector.zero(FS);
    FloatVector c40 = FloatVector.zero(FS);
    FloatVector c41 = FloatVector.zero(FS);
    FloatVector c50 = FloatVector.zero(FS);
    FloatVector c51 = FloatVector.zero(FS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
      FloatVector b1 = FloatVector.fromArray(FS, bp, bi + F_V);
      FloatVector x = FloatVector.broadcast(FS, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(FS, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(FS, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(FS, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(FS, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(FS, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ai += MR;
      bi += ldb;
    }
    // the first vector of each row straight into C; the partial second one through the scratch
    // tile (masked stores are not compiled to SIMD everywhere, and fall back to a slow path)
    int o = ci;
    c00.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
    o += ldc;
    c10.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
    o += ldc;
    c20.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
    o += ldc;
    c30.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
    o += ldc;
    c40.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
    o += ldc;
    c50.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
    c01.intoArray(t, 0);
    c11.intoArray(t, F_V);
    c21.intoArray(t, 2 * F_V);
    c31.intoArray(t, 3 * F_V);
    c41.intoArray(t, 4 * F_V);
    c51.intoArray(t, 5 * F_V);
    int rest = cols - F_V;
    for (int r = 0; r < MR; r++) {
      int d = ci + r * ldc + F_V;
      for (int j = 0; j < rest; j++) {
        c[d + j] += t[r * F_V + j];
      }
    }
  }

  // C[6 x 2 vectors] += Ap[6 x kc] · Bp[kc x 2 vectors]; twelve accumulators stay in registers
  private static void kernel(
      float[] ap,
      int ai,
      float[] bp,
      int bi,
      int ldb,
      int kc,
      float[] c,
      int ci,
      int ldc,
      int rows,
      int cols,
      float[] t) {
    FloatVector c00 = FloatVector.zero(FS);
    FloatVector c01 = FloatVector.zero(FS);
    FloatVector c10 = FloatVector.zero(FS);
    FloatVector c11 = FloatVector.zero(FS);
    FloatVector c20 = FloatVector.zero(FS);
    FloatVector c21 = FloatVector.zero(FS);
    FloatVector c30 = FloatVector.zero(FS);
    FloatVector c31 = FloatVector.zero(FS);
    FloatVector c40 = FloatVector.zero(FS);
    FloatVector c41 = FloatVector.zero(FS);
    FloatVector c50 = FloatVector.zero(FS);
    FloatVector c51 = FloatVector.zero(FS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
      FloatVector b1 = FloatVector.fromArray(FS, bp, bi + F_V);
      FloatVector x = FloatVector.broadcast(FS, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(FS, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(FS, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(FS, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(FS, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(FS, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ai += MR;
      bi += ldb;
    }
    // written out, not in helpers: a helper that C2 declines to inline boxes its vectors
    if (rows == MR && cols == F_NR) {
      int o = ci;
      c00.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
      c01.add(FloatVector.fromArray(FS, c, o + F_V)).intoArray(c, o + F_V);
      o += ldc;
      c10.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
      c11.add(FloatVector.fromArray(FS, c, o + F_V)).intoArray(c, o + F_V);
      o += ldc;
      c20.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
      c21.add(FloatVector.fromArray(FS, c, o + F_V)).intoArray(c, o + F_V);
      o += ldc;
      c30.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
      c31.add(FloatVector.fromArray(FS, c, o + F_V)).intoArray(c, o + F_V);
      o += ldc;
      c40.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
      c41.add(FloatVector.fromArray(FS, c, o + F_V)).intoArray(c, o + F_V);
      o += ldc;
      c50.add(FloatVector.fromArray(FS, c, o)).intoArray(c, o);
      c51.add(FloatVector.fromArray(FS, c, o + F_V)).intoArray(c, o + F_V);
    } else {
      // the last strip of rows: through a scratch tile, then only the rows and columns that exist
      c00.intoArray(t, 0);
      c01.intoArray(t, F_V);
      c10.intoArray(t, F_NR);
      c11.intoArray(t, F_NR + F_V);
      c20.intoArray(t, 2 * F_NR);
      c21.intoArray(t, 2 * F_NR + F_V);
      c30.intoArray(t, 3 * F_NR);
      c31.intoArray(t, 3 * F_NR + F_V);
      c40.intoArray(t, 4 * F_NR);
      c41.intoArray(t, 4 * F_NR + F_V);
      c50.intoArray(t, 5 * F_NR);
      c51.intoArray(t, 5 * F_NR + F_V);
      for (int r = 0; r < rows; r++) {
        int o = ci + r * ldc;
        for (int j = 0; j < cols; j++) {
          c[o + j] += t[r * F_NR + j];
        }
      }
    }
  }

  // C[6 x 1 vector] += Ap[6 x kc] · Bp[kc x first vector of the panel]
  private static void kernel1(
      float[] ap,
      int ai,
      float[] bp,
      int bi,
      int ldb,
      int kc,
      float[] c,
      int ci,
      int ldc,
      int rows,
      int cols,
      float[] t) {
    FloatVector c0 = FloatVector.zero(FS);
    FloatVector c1 = FloatVector.zero(FS);
    FloatVector c2 = FloatVector.zero(FS);
    FloatVector c3 = FloatVector.zero(FS);
    FloatVector c4 = FloatVector.zero(FS);
    FloatVector c5 = FloatVector.zero(FS);
    for (int p = 0; p < kc; p++) {
      FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
      c0 = FloatVector.broadcast(FS, ap[ai]).fma(b0, c0);
      c1 = FloatVector.broadcast(FS, ap[ai + 1]).fma(b0, c1);
      c2 = FloatVector.broadcast(FS, ap[ai + 2]).fma(b0, c2);
      c3 = FloatVector.broadcast(FS, ap[ai + 3]).fma(b0, c3);
      c4 = FloatVector.broadcast(FS, ap[ai + 4]).fma(b0, c4);
      c5 = FloatVector.broadcast(FS, ap[ai + 5]).fma(b0, c5);
      ai += MR;
      bi += ldb;
    }
    c0.intoArray(t, 0);
    c1.intoArray(t, F_V);
    c2.intoArray(t, 2 * F_V);
    c3.intoArray(t, 3 * F_V);
    c4.intoArray(t, 4 * F_V);
    c5.intoArray(t, 5 * F_V);
    for (int r = 0; r < rows; r++) {
      int o = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        c[o + j] += t[r * F_V + j];
      }
    }
  }

  /**
   * The small-N path (N at most one vector, e.g. a 10-class output layer): no packing of A; B is
   * copied into a zero-padded scratch block one vector wide (transposed on the way when stored
   * transposed), and eight rows of C accumulate at once.
   */
  private static void smallN(
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
      int j1,
      FloatBuffers buf) {
    if (j0 >= j1) {
      return;
    }
    // Row p of B is loaded as one whole vector whose lanes past n are ignored. Stored [k, n], B is
    // read in place, except for the last rows, where a whole vector would run past the array:
    // those are copied, zero-padded, to a scratch block, as is all of B when stored transposed.
    // (Masked loads would avoid the copies but are not compiled to SIMD on every JDK.)
    float[] src;
    int base;
    int stride;
    int pSafe;
    float[] tail = buf.tail;
    if (tb) {
      src = k * F_V <= buf.b.length ? buf.b : new float[k * F_V];
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          src[p * F_V + j] = b[bo + j * k + p];
        }
        for (int j = n; j < F_V; j++) {
          src[p * F_V + j] = 0;
        }
      }
      base = 0;
      stride = F_V;
      pSafe = k;
    } else {
      src = b;
      base = bo;
      stride = n;
      int room = b.length - F_V - bo; // row p fits whole when bo + p * n + F_V <= b.length
      pSafe = room < 0 ? 0 : Math.min(k, room / n + 1);
      for (int p = pSafe; p < k; p++) {
        int o = (p - pSafe) * F_V;
        for (int j = 0; j < F_V; j++) {
          tail[o + j] = j < n ? b[bo + p * n + j] : 0;
        }
      }
    }
    int sa = ta ? 1 : k; // A(i, p) = a[ao + i * sa + p * sp]
    int sp = ta ? m : 1;
    float[] t = new float[8 * F_V];
    for (int i = i0; i < i1; i += 8) {
      int rows = Math.min(8, i1 - i);
      int r0 = ao + i * sa;
      // rows past the end repeat the last row; their results are dropped
      int r1 = r0 + Math.min(1, rows - 1) * sa;
      int r2 = r0 + Math.min(2, rows - 1) * sa;
      int r3 = r0 + Math.min(3, rows - 1) * sa;
      int r4 = r0 + Math.min(4, rows - 1) * sa;
      int r5 = r0 + Math.min(5, rows - 1) * sa;
      int r6 = r0 + Math.min(6, rows - 1) * sa;
      int r7 = r0 + Math.min(7, rows - 1) * sa;
      FloatVector c0 = FloatVector.zero(FS);
      FloatVector c1 = FloatVector.zero(FS);
      FloatVector c2 = FloatVector.zero(FS);
      FloatVector c3 = FloatVector.zero(FS);
      FloatVector c4 = FloatVector.zero(FS);
      FloatVector c5 = FloatVector.zero(FS);
      FloatVector c6 = FloatVector.zero(FS);
      FloatVector c7 = FloatVector.zero(FS);
      for (int p = 0; p < k; p++) {
        FloatVector v =
            p < pSafe
                ? FloatVector.fromArray(FS, src, base + p * stride)
                : FloatVector.fromArray(FS, tail, (p - pSafe) * F_V);
        int q = p * sp;
        c0 = FloatVector.broadcast(FS, a[r0 + q]).fma(v, c0);
        c1 = FloatVector.broadcast(FS, a[r1 + q]).fma(v, c1);
        c2 = FloatVector.broadcast(FS, a[r2 + q]).fma(v, c2);
        c3 = FloatVector.broadcast(FS, a[r3 + q]).fma(v, c3);
        c4 = FloatVector.broadcast(FS, a[r4 + q]).fma(v, c4);
        c5 = FloatVector.broadcast(FS, a[r5 + q]).fma(v, c5);
        c6 = FloatVector.broadcast(FS, a[r6 + q]).fma(v, c6);
        c7 = FloatVector.broadcast(FS, a[r7 + q]).fma(v, c7);
      }
      c0.intoArray(t, 0);
      c1.intoArray(t, F_V);
      c2.intoArray(t, 2 * F_V);
      c3.intoArray(t, 3 * F_V);
      c4.intoArray(t, 4 * F_V);
      c5.intoArray(t, 5 * F_V);
      c6.intoArray(t, 6 * F_V);
      c7.intoArray(t, 7 * F_V);
      for (int r = 0; r < rows; r++) {
        int o = co + (i + r) * n;
        for (int j = j0; j < j1; j++) {
          c[o + j] += t[r * F_V + j];
        }
      }
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
    double[] ap = buf.a;
    double[] bp = buf.b;
    double[] t = buf.t;
    if (n <= D_V) {
      smallN(a, ao, ta, b, bo, tb, c, co, m, n, k, i0, i1, j0, j1, buf);
      return;
    }
    // k in equal blocks of at most KC (784 = 4 x 196, not 3 x 256 + 16)
    int kb = (k + KC - 1) / KC;
    int kStep = (k + kb - 1) / kb;
    for (int jc = j0; jc < j1; jc += D_NC) {
      int nc = Math.min(D_NC, j1 - jc);
      for (int pc = 0; pc < k; pc += kStep) {
        int kc = Math.min(kStep, k - pc);
        packB(b, bo, tb, n, k, pc, kc, jc, nc, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          packA(a, ao, ta, m, k, ic, mc, pc, kc, ap);
          for (int jr = 0; jr < nc; jr += D_NR) {
            int cols = Math.min(D_NR, nc - jr);
            int bOff = jr * kc;
            if (cols <= D_V) {
              // a narrow last panel: one vector instead of two, half the wasted work
              for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                kernel1(
                    ap, ir * kc, bp, bOff, kc, c, co + (ic + ir) * n + jc + jr, n, rows, cols, t);
              }
            } else {
              for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int at = co + (ic + ir) * n + jc + jr;
                if (cols == D_NR || rows < MR) {
                  kernel(ap, ir * kc, bp, bOff, kc, c, at, n, rows, cols, t);
                } else {
                  kernelN(ap, ir * kc, bp, bOff, kc, c, at, n, rows, cols, t);
                }
              }
            }
          }
        }
      }
    }
  }

  // ap[(ir / MR) * kc * MR + p * MR + r] = A(ic + ir + r, pc + p), zero past the last row
  private static void packA(
      double[] a, int ao, boolean ta, int m, int k, int ic, int mc, int pc, int kc, double[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc;
      int rows = Math.min(MR, mc - ir);
      if (rows == MR && !ta) {
        int s0 = ao + (ic + ir) * k + pc;
        int s1 = s0 + k;
        int s2 = s1 + k;
        int s3 = s2 + k;
        int s4 = s3 + k;
        int s5 = s4 + k;
        for (int p = 0, o = base; p < kc; p++, o += MR) {
          ap[o] = a[s0 + p];
          ap[o + 1] = a[s1 + p];
          ap[o + 2] = a[s2 + p];
          ap[o + 3] = a[s3 + p];
          ap[o + 4] = a[s4 + p];
          ap[o + 5] = a[s5 + p];
        }
        continue;
      }
      if (rows == MR) {
        for (int p = 0, o = base, src = ao + pc * m + ic + ir; p < kc; p++, o += MR, src += m) {
          System.arraycopy(a, src, ap, o, MR);
        }
        continue;
      }
      for (int r = 0; r < MR; r++) {
        int o = base + r;
        if (r >= rows) {
          for (int p = 0; p < kc; p++) {
            ap[o + p * MR] = 0;
          }
        } else if (ta) {
          int src = ao + pc * m + ic + ir + r;
          for (int p = 0; p < kc; p++) {
            ap[o + p * MR] = a[src + p * m];
          }
        } else {
          int src = ao + (ic + ir + r) * k + pc;
          for (int p = 0; p < kc; p++) {
            ap[o + p * MR] = a[src + p];
          }
        }
      }
    }
  }

  // bp[(jr / NR) * kc * NR + p * NR + j] = B(pc + p, jc + jr + j), zero past the last column
  private static void packB(
      double[] b, int bo, boolean tb, int n, int k, int pc, int kc, int jc, int nc, double[] bp) {
    for (int jr = 0; jr < nc; jr += D_NR) {
      int base = jr * kc;
      int cols = Math.min(D_NR, nc - jr);
      if (tb) {
        for (int j = 0; j < D_NR; j++) {
          int o = base + j;
          if (j >= cols) {
            for (int p = 0; p < kc; p++) {
              bp[o + p * D_NR] = 0;
            }
          } else {
            int src = bo + (jc + jr + j) * k + pc;
            for (int p = 0; p < kc; p++) {
              bp[o + p * D_NR] = b[src + p];
            }
          }
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int o = base + p * D_NR;
          System.arraycopy(b, bo + (pc + p) * n + jc + jr, bp, o, cols);
          for (int j = cols; j < D_NR; j++) {
            bp[o + j] = 0;
          }
        }
      }
    }
  }

  // kernel() for a tile of all six rows and more than one but fewer than two vectors of columns;
  // a method of its own, because one method holding both stores grows past what C2 inlines
  private static void kernelN(
      double[] ap,
      int ai,
      double[] bp,
      int bi,
      int kc,
      double[] c,
      int ci,
      int ldc,
      int rows,
      int cols,
      double[] t) {
    DoubleVector c00 = DoubleVector.zero(DS);
    DoubleVector c01 = DoubleVector.zero(DS);
    DoubleVector c10 = DoubleVector.zero(DS);
    DoubleVector c11 = DoubleVector.zero(DS);
    DoubleVector c20 = DoubleVector.zero(DS);
    DoubleVector c21 = DoubleVector.zero(DS);
    DoubleVector c30 = DoubleVector.zero(DS);
    DoubleVector c31 = DoubleVector.zero(DS);
    DoubleVector c40 = DoubleVector.zero(DS);
    DoubleVector c41 = DoubleVector.zero(DS);
    DoubleVector c50 = DoubleVector.zero(DS);
    DoubleVector c51 = DoubleVector.zero(DS);
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + D_V);
      DoubleVector x = DoubleVector.broadcast(DS, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(DS, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(DS, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(DS, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(DS, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(DS, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ai += MR;
      bi += D_NR;
    }
    // the first vector of each row straight into C; the partial second one through the scratch
    // tile (masked stores are not compiled to SIMD everywhere, and fall back to a slow path)
    int o = ci;
    c00.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
    o += ldc;
    c10.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
    o += ldc;
    c20.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
    o += ldc;
    c30.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
    o += ldc;
    c40.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
    o += ldc;
    c50.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
    c01.intoArray(t, 0);
    c11.intoArray(t, D_V);
    c21.intoArray(t, 2 * D_V);
    c31.intoArray(t, 3 * D_V);
    c41.intoArray(t, 4 * D_V);
    c51.intoArray(t, 5 * D_V);
    int rest = cols - D_V;
    for (int r = 0; r < MR; r++) {
      int d = ci + r * ldc + D_V;
      for (int j = 0; j < rest; j++) {
        c[d + j] += t[r * D_V + j];
      }
    }
  }

  // C[6 x 2 vectors] += Ap[6 x kc] · Bp[kc x 2 vectors]; twelve accumulators stay in registers
  private static void kernel(
      double[] ap,
      int ai,
      double[] bp,
      int bi,
      int kc,
      double[] c,
      int ci,
      int ldc,
      int rows,
      int cols,
      double[] t) {
    DoubleVector c00 = DoubleVector.zero(DS);
    DoubleVector c01 = DoubleVector.zero(DS);
    DoubleVector c10 = DoubleVector.zero(DS);
    DoubleVector c11 = DoubleVector.zero(DS);
    DoubleVector c20 = DoubleVector.zero(DS);
    DoubleVector c21 = DoubleVector.zero(DS);
    DoubleVector c30 = DoubleVector.zero(DS);
    DoubleVector c31 = DoubleVector.zero(DS);
    DoubleVector c40 = DoubleVector.zero(DS);
    DoubleVector c41 = DoubleVector.zero(DS);
    DoubleVector c50 = DoubleVector.zero(DS);
    DoubleVector c51 = DoubleVector.zero(DS);
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + D_V);
      DoubleVector x = DoubleVector.broadcast(DS, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(DS, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(DS, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(DS, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(DS, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(DS, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      ai += MR;
      bi += D_NR;
    }
    // written out, not in helpers: a helper that C2 declines to inline boxes its vectors
    if (rows == MR && cols == D_NR) {
      int o = ci;
      c00.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
      c01.add(DoubleVector.fromArray(DS, c, o + D_V)).intoArray(c, o + D_V);
      o += ldc;
      c10.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
      c11.add(DoubleVector.fromArray(DS, c, o + D_V)).intoArray(c, o + D_V);
      o += ldc;
      c20.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
      c21.add(DoubleVector.fromArray(DS, c, o + D_V)).intoArray(c, o + D_V);
      o += ldc;
      c30.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
      c31.add(DoubleVector.fromArray(DS, c, o + D_V)).intoArray(c, o + D_V);
      o += ldc;
      c40.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
      c41.add(DoubleVector.fromArray(DS, c, o + D_V)).intoArray(c, o + D_V);
      o += ldc;
      c50.add(DoubleVector.fromArray(DS, c, o)).intoArray(c, o);
      c51.add(DoubleVector.fromArray(DS, c, o + D_V)).intoArray(c, o + D_V);
    } else {
      // the last strip of rows: through a scratch tile, then only the rows and columns that exist
      c00.intoArray(t, 0);
      c01.intoArray(t, D_V);
      c10.intoArray(t, D_NR);
      c11.intoArray(t, D_NR + D_V);
      c20.intoArray(t, 2 * D_NR);
      c21.intoArray(t, 2 * D_NR + D_V);
      c30.intoArray(t, 3 * D_NR);
      c31.intoArray(t, 3 * D_NR + D_V);
      c40.intoArray(t, 4 * D_NR);
      c41.intoArray(t, 4 * D_NR + D_V);
      c50.intoArray(t, 5 * D_NR);
      c51.intoArray(t, 5 * D_NR + D_V);
      for (int r = 0; r < rows; r++) {
        int o = ci + r * ldc;
        for (int j = 0; j < cols; j++) {
          c[o + j] += t[r * D_NR + j];
        }
      }
    }
  }

  // C[6 x 1 vector] += Ap[6 x kc] · Bp[kc x first vector of the panel]
  private static void kernel1(
      double[] ap,
      int ai,
      double[] bp,
      int bi,
      int kc,
      double[] c,
      int ci,
      int ldc,
      int rows,
      int cols,
      double[] t) {
    DoubleVector c0 = DoubleVector.zero(DS);
    DoubleVector c1 = DoubleVector.zero(DS);
    DoubleVector c2 = DoubleVector.zero(DS);
    DoubleVector c3 = DoubleVector.zero(DS);
    DoubleVector c4 = DoubleVector.zero(DS);
    DoubleVector c5 = DoubleVector.zero(DS);
    for (int p = 0; p < kc; p++) {
      DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
      c0 = DoubleVector.broadcast(DS, ap[ai]).fma(b0, c0);
      c1 = DoubleVector.broadcast(DS, ap[ai + 1]).fma(b0, c1);
      c2 = DoubleVector.broadcast(DS, ap[ai + 2]).fma(b0, c2);
      c3 = DoubleVector.broadcast(DS, ap[ai + 3]).fma(b0, c3);
      c4 = DoubleVector.broadcast(DS, ap[ai + 4]).fma(b0, c4);
      c5 = DoubleVector.broadcast(DS, ap[ai + 5]).fma(b0, c5);
      ai += MR;
      bi += D_NR;
    }
    c0.intoArray(t, 0);
    c1.intoArray(t, D_V);
    c2.intoArray(t, 2 * D_V);
    c3.intoArray(t, 3 * D_V);
    c4.intoArray(t, 4 * D_V);
    c5.intoArray(t, 5 * D_V);
    for (int r = 0; r < rows; r++) {
      int o = ci + r * ldc;
      for (int j = 0; j < cols; j++) {
        c[o + j] += t[r * D_V + j];
      }
    }
  }

  /**
   * The small-N path (N at most one vector, e.g. a 10-class output layer): no packing of A; B is
   * copied into a zero-padded scratch block one vector wide (transposed on the way when stored
   * transposed), and eight rows of C accumulate at once.
   */
  private static void smallN(
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
      int j1,
      DoubleBuffers buf) {
    if (j0 >= j1) {
      return;
    }
    // Row p of B is loaded as one whole vector whose lanes past n are ignored. Stored [k, n], B is
    // read in place, except for the last rows, where a whole vector would run past the array:
    // those are copied, zero-padded, to a scratch block, as is all of B when stored transposed.
    // (Masked loads would avoid the copies but are not compiled to SIMD on every JDK.)
    double[] src;
    int base;
    int stride;
    int pSafe;
    double[] tail = buf.tail;
    if (tb) {
      src = k * D_V <= buf.b.length ? buf.b : new double[k * D_V];
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          src[p * D_V + j] = b[bo + j * k + p];
        }
        for (int j = n; j < D_V; j++) {
          src[p * D_V + j] = 0;
        }
      }
      base = 0;
      stride = D_V;
      pSafe = k;
    } else {
      src = b;
      base = bo;
      stride = n;
      int room = b.length - D_V - bo; // row p fits whole when bo + p * n + D_V <= b.length
      pSafe = room < 0 ? 0 : Math.min(k, room / n + 1);
      for (int p = pSafe; p < k; p++) {
        int o = (p - pSafe) * D_V;
        for (int j = 0; j < D_V; j++) {
          tail[o + j] = j < n ? b[bo + p * n + j] : 0;
        }
      }
    }
    int sa = ta ? 1 : k; // A(i, p) = a[ao + i * sa + p * sp]
    int sp = ta ? m : 1;
    double[] t = new double[8 * D_V];
    for (int i = i0; i < i1; i += 8) {
      int rows = Math.min(8, i1 - i);
      int r0 = ao + i * sa;
      // rows past the end repeat the last row; their results are dropped
      int r1 = r0 + Math.min(1, rows - 1) * sa;
      int r2 = r0 + Math.min(2, rows - 1) * sa;
      int r3 = r0 + Math.min(3, rows - 1) * sa;
      int r4 = r0 + Math.min(4, rows - 1) * sa;
      int r5 = r0 + Math.min(5, rows - 1) * sa;
      int r6 = r0 + Math.min(6, rows - 1) * sa;
      int r7 = r0 + Math.min(7, rows - 1) * sa;
      DoubleVector c0 = DoubleVector.zero(DS);
      DoubleVector c1 = DoubleVector.zero(DS);
      DoubleVector c2 = DoubleVector.zero(DS);
      DoubleVector c3 = DoubleVector.zero(DS);
      DoubleVector c4 = DoubleVector.zero(DS);
      DoubleVector c5 = DoubleVector.zero(DS);
      DoubleVector c6 = DoubleVector.zero(DS);
      DoubleVector c7 = DoubleVector.zero(DS);
      for (int p = 0; p < k; p++) {
        DoubleVector v =
            p < pSafe
                ? DoubleVector.fromArray(DS, src, base + p * stride)
                : DoubleVector.fromArray(DS, tail, (p - pSafe) * D_V);
        int q = p * sp;
        c0 = DoubleVector.broadcast(DS, a[r0 + q]).fma(v, c0);
        c1 = DoubleVector.broadcast(DS, a[r1 + q]).fma(v, c1);
        c2 = DoubleVector.broadcast(DS, a[r2 + q]).fma(v, c2);
        c3 = DoubleVector.broadcast(DS, a[r3 + q]).fma(v, c3);
        c4 = DoubleVector.broadcast(DS, a[r4 + q]).fma(v, c4);
        c5 = DoubleVector.broadcast(DS, a[r5 + q]).fma(v, c5);
        c6 = DoubleVector.broadcast(DS, a[r6 + q]).fma(v, c6);
        c7 = DoubleVector.broadcast(DS, a[r7 + q]).fma(v, c7);
      }
      c0.intoArray(t, 0);
      c1.intoArray(t, D_V);
      c2.intoArray(t, 2 * D_V);
      c3.intoArray(t, 3 * D_V);
      c4.intoArray(t, 4 * D_V);
      c5.intoArray(t, 5 * D_V);
      c6.intoArray(t, 6 * D_V);
      c7.intoArray(t, 7 * D_V);
      for (int r = 0; r < rows; r++) {
        int o = co + (i + r) * n;
        for (int j = j0; j < j1; j++) {
          c[o + j] += t[r * D_V + j];
        }
      }
    }
  }

  private static final class FloatBuffers {
    final float[] a = new float[MC * KC];
    final float[] b = new float[KC * ((F_NC + F_NR - 1) / F_NR) * F_NR];
    final float[] t = new float[MR * F_NR];
    final float[] tail = new float[F_V * F_V];
  }

  private static final class DoubleBuffers {
    final double[] a = new double[MC * KC];
    final double[] b = new double[KC * ((D_NC + D_NR - 1) / D_NR) * D_NR];
    final double[] t = new double[MR * D_NR];
    final double[] tail = new double[D_V * D_V];
  }
}
