package gradgraph.cuda;

import gradgraph.core.device.BinaryOp;
import gradgraph.core.device.Device;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.RandomKind;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.KernelArgs;
import gradgraph.cuda.memory.Block;
import gradgraph.cuda.memory.CachingAllocator;
import gradgraph.cuda.plan.GemmPlan;
import gradgraph.cuda.plan.LaunchConfig;
import gradgraph.cuda.plan.Layouts;
import java.util.Locale;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * graph-core's {@link Kernels} on one CUDA device: PTX kernels from {@code src/main/cuda} for
 * elementwise, reduction, movement, convolution and pooling work, cuBLAS for matrix products. The
 * semantics are {@link gradgraph.core.device.CpuKernels}'s (broadcasting, dtype promotion, first
 * index on ties, NaN propagation); the parity suite checks them on a GPU. Random numbers are drawn
 * on the host from the caller's generator, exactly as on the CPU, so seeded runs agree across
 * devices.
 *
 * <p>All work of a device goes to one stream, so calls are ordered; copies to the host wait for it.
 * Besides the interface, this class offers fused kernels graph-core does not ask for yet ({@link
 * #softmaxCrossEntropy}, {@link #batchNormStats}) and memory controls ({@link #emptyCache}).
 */
public final class CudaKernels implements Kernels {
  /** Reductions with at least this many elements per output use a block per output. */
  static final long BLOCK_REDUCE_THRESHOLD = 256;

  private final CudaContext cx;

  CudaKernels(CudaContext context) {
    this.cx = context;
  }

  @Override
  public Device device() {
    return cx.device;
  }

  /**
   * Returns the allocator of this device, for its statistics.
   *
   * @return the allocator
   */
  public CachingAllocator allocator() {
    return cx.allocator;
  }

  /** Frees the allocator's cached blocks back to the driver. */
  public void emptyCache() {
    cx.guard(
        "emptyCache",
        () -> {
          cx.allocator.emptyCache();
          return null;
        });
  }

  /**
   * Gives a dead CUDA tensor's memory back to this device's caching allocator at once (where a
   * later allocation of the same bucket reuses it, ordered after the queued kernels that read it,
   * since all work of a device goes to one stream). Tensors sharing the memory (reshapes of it) are
   * released with it. CPU tensors and tensors of other devices are left alone.
   *
   * @param t the tensor, which must not be used afterwards (doing so fails with a message naming
   *     this call)
   * @throws IllegalStateException when its memory was already released, by this method or by the
   *     tensor's {@link CudaScope}
   */
  @Override
  public void release(Tensor t) {
    if (t.storage() instanceof CudaStorage s && s.device().equals(cx.device)) {
      cx.guard(
          "release",
          () -> {
            s.releaseByCaller("release", t.shape());
            return null;
          });
    }
  }

  /** Waits until every queued kernel and copy of this device has finished (syncs its stream). */
  @Override
  public void synchronize() {
    cx.guard(
        "synchronize",
        () -> {
          cx.api.synchronize(cx.stream);
          return null;
        });
  }

  // ------------------------------------------------------------------ helpers

  private static String sfx(DType dt) {
    return dt == DType.FLOAT32 ? "_f32" : "_f64";
  }

  private Tensor alloc(DType dt, int[] shape) {
    return new Tensor(new CudaStorage(cx.device, dt, Shapes.size(shape), cx.allocator), shape);
  }

  private CudaApi.Ptr ptr(String op, Tensor t) {
    if (!(t.storage() instanceof CudaStorage s)) {
      throw new IllegalArgumentException(
          op
              + ": tensor of shape "
              + java.util.Arrays.toString(t.shape())
              + " is on "
              + t.device()
              + ", not "
              + cx.device
              + "; move it with .to(device)");
    }
    return s.ptr();
  }

  private Tensor zeros(DType dt, int[] shape) {
    Tensor out = alloc(dt, shape);
    if (out.size() > 0) {
      cx.api.memZero(ptr("zeros", out), (long) out.size() * dt.bytes(), cx.stream);
    }
    return out;
  }

  /** A temporary device copy of an index array; release it after the launch that reads it. */
  private Block upload(int[] data) {
    Block b = cx.allocator.allocate(4L * data.length);
    if (data.length > 0) {
      cx.api.copyHtoD(b.ptr(), data, data.length, cx.stream);
    }
    return b;
  }

  // ------------------------------------------------------------------ host transfers

  @Override
  public Tensor fromHost(float[] data, int[] shape) {
    return cx.guard(
        "fromHost",
        () -> {
          Tensor out = alloc(DType.FLOAT32, shape);
          if (data.length > 0) {
            cx.api.copyHtoD(ptr("fromHost", out), data, data.length, cx.stream);
          }
          return out;
        });
  }

  @Override
  public Tensor fromHost(double[] data, int[] shape) {
    return cx.guard(
        "fromHost",
        () -> {
          Tensor out = alloc(DType.FLOAT64, shape);
          if (data.length > 0) {
            cx.api.copyHtoD(ptr("fromHost", out), data, data.length, cx.stream);
          }
          return out;
        });
  }

  @Override
  public double[] toDoubleArray(Tensor x) {
    return cx.guard(
        "toDoubleArray",
        () -> {
          int n = x.size();
          if (x.dtype() == DType.FLOAT64) {
            double[] out = new double[n];
            if (n > 0) {
              cx.api.copyDtoH(out, ptr("toDoubleArray", x), n, cx.stream);
            }
            return out;
          }
          float[] f = new float[n];
          if (n > 0) {
            cx.api.copyDtoH(f, ptr("toDoubleArray", x), n, cx.stream);
          }
          double[] out = new double[n];
          for (int i = 0; i < n; i++) {
            out[i] = f[i];
          }
          return out;
        });
  }

  @Override
  public float[] toFloatArray(Tensor x) {
    return cx.guard(
        "toFloatArray",
        () -> {
          int n = x.size();
          if (x.dtype() == DType.FLOAT32) {
            float[] out = new float[n];
            if (n > 0) {
              cx.api.copyDtoH(out, ptr("toFloatArray", x), n, cx.stream);
            }
            return out;
          }
          double[] d = new double[n];
          if (n > 0) {
            cx.api.copyDtoH(d, ptr("toFloatArray", x), n, cx.stream);
          }
          float[] out = new float[n];
          for (int i = 0; i < n; i++) {
            out[i] = (float) d[i];
          }
          return out;
        });
  }

  /**
   * Copies a tensor's elements to a host int array (for index tensors computed on the device).
   *
   * @param p the device memory
   * @param n the element count
   * @return the ints
   */
  private int[] downloadInts(CudaApi.Ptr p, int n) {
    int[] out = new int[n];
    if (n > 0) {
      cx.api.copyDtoH(out, p, n, cx.stream);
    }
    return out;
  }

  // ------------------------------------------------------------------ creation

  @Override
  public Tensor full(DType dtype, int[] shape, double value) {
    return cx.guard(
        "full",
        () -> {
          if (value == 0 && Double.doubleToRawLongBits(value) == 0) {
            return zeros(dtype, shape);
          }
          Tensor out = alloc(dtype, shape);
          cx.launch(
              "fill" + sfx(dtype),
              cx.elements(out.size()),
              new KernelArgs().ptr(ptr("full", out)).i64(out.size()).f64(value));
          return out;
        });
  }

  @Override
  public Tensor random(
      RandomKind kind, DType dtype, int[] shape, double a, double b, RandomGenerator rng) {
    int n = Shapes.size(shape);
    double[] draws = new double[n];
    // The same calls in the same order as CpuKernels.random: seeded runs agree across devices.
    for (int i = 0; i < n; i++) {
      draws[i] =
          switch (kind) {
            case NORMAL -> a + b * rng.nextGaussian();
            case UNIFORM -> a + (b - a) * rng.nextDouble();
            case BERNOULLI -> rng.nextDouble();
          };
    }
    if (kind != RandomKind.BERNOULLI) {
      if (dtype == DType.FLOAT64) {
        return fromHost(draws, shape.clone());
      }
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        f[i] = (float) draws[i];
      }
      return fromHost(f, shape.clone());
    }
    return cx.guard(
        "random",
        () -> {
          Tensor u = fromHost(draws, shape.clone());
          Tensor out = alloc(dtype, shape.clone());
          cx.launch(
              "bernoulli" + sfx(dtype),
              cx.elements(n),
              new KernelArgs().ptr(ptr("random", u)).ptr(ptr("random", out)).i64(n).f64(a));
          ((CudaStorage) u.storage()).release();
          return out;
        });
  }

  @Override
  public Tensor cast(Tensor x, DType dtype) {
    if (x.dtype() == dtype) {
      return x;
    }
    return cx.guard(
        "cast",
        () -> {
          Tensor out = alloc(dtype, x.shape());
          String k = dtype == DType.FLOAT64 ? "cast_f32_f64" : "cast_f64_f32";
          cx.launch(
              k,
              cx.elements(x.size()),
              new KernelArgs().ptr(ptr("cast", x)).ptr(ptr("cast", out)).i64(x.size()));
          return out;
        });
  }

  // ------------------------------------------------------------------ elementwise

  @Override
  public Tensor unary(UnaryOp op, Tensor x, double alpha) {
    return cx.guard(
        "unary " + op,
        () -> {
          CudaApi.Ptr in = ptr("unary", x); // checked before allocating the output
          Tensor out = alloc(x.dtype(), x.shape());
          cx.launch(
              "unary" + sfx(x.dtype()),
              cx.elements(x.size()),
              new KernelArgs()
                  .ptr(in)
                  .ptr(ptr("unary", out))
                  .i64(x.size())
                  .i32(op.ordinal())
                  .f64(alpha));
          return out;
        });
  }

  @Override
  public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    String name = op.name().toLowerCase(Locale.ROOT);
    return cx.guard(
        name,
        () -> {
          DType dt = DType.promote(a.dtype(), b.dtype());
          Tensor x = cast(a, dt);
          Tensor y = cast(b, dt);
          int[] shape = Shapes.broadcast(name, x.shape(), y.shape());
          Tensor out = alloc(dt, shape);
          cx.launch(
              "binary" + sfx(dt),
              cx.elements(out.size()),
              new KernelArgs()
                  .ptr(ptr(name, x))
                  .ptr(ptr(name, y))
                  .ptr(ptr(name, out))
                  .i64(out.size())
                  .i32(op.ordinal())
                  .struct(Layouts.broadcast2(name, shape, x.shape(), y.shape())));
          return out;
        });
  }

  // ------------------------------------------------------------------ reductions

  /**
   * Chooses the block-per-output kernel when each output sums many elements.
   *
   * @param outputs the output count
   * @param perOutput elements reduced into each output
   * @return true for the block kernel, false for one thread per output
   */
  static boolean useBlockReduction(long outputs, long perOutput) {
    return perOutput >= BLOCK_REDUCE_THRESHOLD;
  }

  @Override
  public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
    String name = op.name().toLowerCase(Locale.ROOT);
    return cx.guard(
        name,
        () -> {
          int[] shape = x.shape();
          int[] outShape = Shapes.reduced(shape, axes, keepDims);
          long nOut = Shapes.size(outShape);
          long nRed = 1;
          for (int a : axes) {
            nRed *= shape[a];
          }
          Tensor out = alloc(x.dtype(), outShape);
          KernelArgs args =
              new KernelArgs()
                  .ptr(ptr(name, x))
                  .ptr(ptr(name, out))
                  .i64(nOut)
                  .i64(nRed)
                  .i32(op.ordinal())
                  .struct(Layouts.reduce(name, shape, axes));
          if (useBlockReduction(nOut, nRed)) {
            cx.launch(
                "reduce_block" + sfx(x.dtype()),
                LaunchConfig.forBlocks(nOut, nRed, cx.maxGrid),
                args);
          } else {
            cx.launch("reduce_thread" + sfx(x.dtype()), cx.elements(nOut), args);
          }
          return out;
        });
  }

  @Override
  public int[] argMax(Tensor x, int axis) {
    int[] shape = x.shape();
    int len = shape[axis];
    if (len == 0) {
      throw new IllegalArgumentException("argMax: axis " + axis + " has length 0");
    }
    int inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int nOut = x.size() / len;
    int innerF = inner;
    return cx.guard(
        "argMax",
        () -> {
          Block idx = cx.allocator.allocate(4L * nOut);
          try {
            cx.launch(
                "argmax" + sfx(x.dtype()),
                cx.elements(nOut),
                new KernelArgs()
                    .ptr(ptr("argMax", x))
                    .ptr(idx.ptr())
                    .i64(nOut)
                    .i32(len)
                    .i32(innerF));
            return downloadInts(idx.ptr(), nOut);
          } finally {
            cx.allocator.release(idx);
          }
        });
  }

  // ------------------------------------------------------------------ matmul

  @Override
  public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
    return cx.guard(
        "matmul",
        () -> {
          DType dt = DType.promote(a.dtype(), b.dtype());
          GemmPlan plan = GemmPlan.of(a.shape(), b.shape(), transA, transB);
          if (plan.isEmpty()) {
            return alloc(dt, plan.outShape());
          }
          if (plan.isZeroFill()) {
            return zeros(dt, plan.outShape());
          }
          Tensor x = cast(a, dt);
          Tensor y = cast(b, dt);
          if (plan.expandA() != null) {
            x = broadcastTo(x, plan.expandA());
          }
          if (plan.expandB() != null) {
            y = broadcastTo(y, plan.expandB());
          }
          Tensor out = alloc(dt, plan.outShape());
          // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: B goes first.
          if (cx.blas == null) {
            ptxGemm(dt, plan, ptr("matmul", y), ptr("matmul", x), ptr("matmul", out));
          } else {
            cx.api.gemmStridedBatched(
                cx.blas,
                dt == DType.FLOAT64,
                plan.cublasTransA(),
                plan.cublasTransB(),
                plan.cublasM(),
                plan.cublasN(),
                plan.k(),
                1.0,
                ptr("matmul", y),
                plan.ldFirst(),
                plan.strideFirst(),
                ptr("matmul", x),
                plan.ldSecond(),
                plan.strideSecond(),
                0.0,
                ptr("matmul", out),
                plan.ldc(),
                plan.strideC(),
                plan.batch());
          }
          return out;
        });
  }

  /** Edge of the C tile one block of {@code gemm.cu} computes. */
  static final int GEMM_TILE = 64;

  /** Threads per block of {@code gemm.cu}. */
  static final int GEMM_THREADS = 256;

  /**
   * The cuBLAS call of {@link #matmul} on Gradgraph's PTX GEMM: the same column-major arguments,
   * one block per 64x64 tile of each product (grid capped at the device's limit; the kernel loops).
   */
  private void ptxGemm(
      DType dt, GemmPlan plan, CudaApi.Ptr first, CudaApi.Ptr second, CudaApi.Ptr c) {
    long tilesM = (plan.cublasM() + GEMM_TILE - 1) / GEMM_TILE;
    long tilesN = (plan.cublasN() + GEMM_TILE - 1) / GEMM_TILE;
    long tiles = tilesM * tilesN * plan.batch();
    int grid = (int) Math.min(tiles, cx.maxGrid);
    cx.launch(
        "gemm" + sfx(dt),
        new LaunchConfig(grid, GEMM_THREADS),
        new KernelArgs()
            .i32(plan.cublasTransA() ? 1 : 0)
            .i32(plan.cublasTransB() ? 1 : 0)
            .i32(plan.cublasM())
            .i32(plan.cublasN())
            .i32(plan.k())
            .f64(1.0)
            .ptr(first)
            .i32(plan.ldFirst())
            .i64(plan.strideFirst())
            .ptr(second)
            .i32(plan.ldSecond())
            .i64(plan.strideSecond())
            .f64(0.0)
            .ptr(c)
            .i32(plan.ldc())
            .i64(plan.strideC())
            .i64(tilesM)
            .i64(tilesN)
            .i64(tiles));
  }

  // ------------------------------------------------------------------ movement

  private Tensor stridedCopy(String op, Tensor x, int[] shape, int[] strides, long base) {
    Tensor out = alloc(x.dtype(), shape);
    cx.launch(
        "strided_copy" + sfx(x.dtype()),
        cx.elements(out.size()),
        new KernelArgs()
            .ptr(ptr(op, x))
            .ptr(ptr(op, out))
            .i64(out.size())
            .i64(base)
            .struct(Layouts.strided(op, shape, strides)));
    return out;
  }

  private void stridedScatter(String op, Tensor x, Tensor out, int[] fullShape, int[] begin) {
    int[] strides = Shapes.strides(fullShape);
    long base = 0;
    for (int i = 0; i < begin.length; i++) {
      base += (long) begin[i] * strides[i];
    }
    cx.launch(
        "strided_scatter" + sfx(out.dtype()),
        cx.elements(x.size()),
        new KernelArgs()
            .ptr(ptr(op, x))
            .ptr(ptr(op, out))
            .i64(x.size())
            .i64(base)
            .struct(Layouts.strided(op, x.shape(), strides)));
  }

  @Override
  public Tensor permute(Tensor x, int[] axes) {
    return cx.guard(
        "permute",
        () -> {
          int[] in = x.shape();
          int[] inStrides = Shapes.strides(in);
          int[] shape = new int[axes.length];
          int[] strides = new int[axes.length];
          for (int i = 0; i < axes.length; i++) {
            shape[i] = in[axes[i]];
            strides[i] = inStrides[axes[i]];
          }
          return stridedCopy("permute", x, shape, strides, 0);
        });
  }

  @Override
  public Tensor broadcastTo(Tensor x, int[] shape) {
    return cx.guard(
        "broadcastTo",
        () ->
            stridedCopy(
                "broadcastTo", x, shape.clone(), Shapes.broadcastStrides(x.shape(), shape), 0));
  }

  @Override
  public Tensor slice(Tensor x, int[] begin, int[] end) {
    return cx.guard(
        "slice",
        () -> {
          int[] full = x.shape();
          int[] strides = Shapes.strides(full);
          int[] shape = new int[begin.length];
          long base = 0;
          for (int i = 0; i < shape.length; i++) {
            shape[i] = end[i] - begin[i];
            base += (long) begin[i] * strides[i];
          }
          return stridedCopy("slice", x, shape, strides, base);
        });
  }

  @Override
  public Tensor pad(Tensor x, int[] shape, int[] begin) {
    return cx.guard(
        "pad",
        () -> {
          Tensor out = zeros(x.dtype(), shape.clone());
          stridedScatter("pad", x, out, shape, begin);
          return out;
        });
  }

  @Override
  public Tensor concat(Tensor[] xs, int axis) {
    return cx.guard(
        "concat",
        () -> {
          int[] shape = xs[0].shape();
          int total = 0;
          for (Tensor t : xs) {
            total += t.dim(axis);
          }
          shape[axis] = total;
          DType dt = xs[0].dtype();
          Tensor out = alloc(dt, shape);
          int[] begin = new int[shape.length];
          for (Tensor t : xs) {
            stridedScatter("concat", cast(t, dt), out, shape, begin.clone());
            begin[axis] += t.dim(axis);
          }
          return out;
        });
  }

  private static int inner(int[] shape, int axis) {
    int inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    return inner;
  }

  @Override
  public Tensor indexSelect(Tensor x, int axis, int[] index) {
    return cx.guard(
        "indexSelect",
        () -> {
          int[] shape = x.shape();
          int len = shape[axis];
          shape[axis] = index.length;
          Tensor out = alloc(x.dtype(), shape);
          Block idx = upload(index);
          try {
            cx.launch(
                "index_select" + sfx(x.dtype()),
                cx.elements(out.size()),
                new KernelArgs()
                    .ptr(ptr("indexSelect", x))
                    .ptr(idx.ptr())
                    .ptr(ptr("indexSelect", out))
                    .i64(out.size())
                    .i32(len)
                    .i32(index.length)
                    .i32(inner(shape, axis)));
          } finally {
            cx.allocator.release(idx);
          }
          return out;
        });
  }

  @Override
  public Tensor indexAdd(Tensor x, int[] shape, int axis, int[] index) {
    return cx.guard(
        "indexAdd",
        () -> {
          Tensor out = zeros(x.dtype(), shape.clone());
          Block idx = upload(index);
          try {
            cx.launch(
                "index_add" + sfx(x.dtype()),
                cx.elements(x.size()),
                new KernelArgs()
                    .ptr(ptr("indexAdd", x))
                    .ptr(idx.ptr())
                    .ptr(ptr("indexAdd", out))
                    .i64(x.size())
                    .i32(shape[axis])
                    .i32(index.length)
                    .i32(inner(shape, axis)));
          } finally {
            cx.allocator.release(idx);
          }
          return out;
        });
  }

  @Override
  public Tensor softmax(Tensor x, int axis, boolean log) {
    return cx.guard(
        "softmax",
        () -> {
          int[] shape = x.shape();
          int len = shape[axis];
          int inner = inner(shape, axis);
          long rows = len == 0 ? 0 : (long) x.size() / len;
          Tensor out = alloc(x.dtype(), shape);
          cx.launch(
              "softmax" + sfx(x.dtype()),
              cx.elements(rows),
              new KernelArgs()
                  .ptr(ptr("softmax", x))
                  .ptr(ptr("softmax", out))
                  .i64(rows)
                  .i32(len)
                  .i32(inner)
                  .i32(log ? 1 : 0));
          return out;
        });
  }

  // ------------------------------------------------------------------ convolution and pooling

  @Override
  public Tensor im2col(Tensor x, int fh, int fw, int stride, int pad) {
    return cx.guard(
        "im2col",
        () -> {
          int[] g = Layouts.conv(x.shape(), fh, fw, stride, pad);
          int[] shape = {g[0] * g[8] * g[9], g[1] * fh * fw};
          Tensor out = alloc(x.dtype(), shape);
          cx.launch(
              "im2col" + sfx(x.dtype()),
              cx.elements(out.size()),
              new KernelArgs()
                  .ptr(ptr("im2col", x))
                  .ptr(ptr("im2col", out))
                  .i64(out.size())
                  .struct(g));
          return out;
        });
  }

  @Override
  public Tensor col2im(Tensor col, int[] xShape, int fh, int fw, int stride, int pad) {
    return cx.guard(
        "col2im",
        () -> {
          int[] g = Layouts.conv(xShape, fh, fw, stride, pad);
          Tensor out = alloc(col.dtype(), xShape.clone());
          cx.launch(
              "col2im" + sfx(col.dtype()),
              cx.elements(out.size()),
              new KernelArgs()
                  .ptr(ptr("col2im", col))
                  .ptr(ptr("col2im", out))
                  .i64(out.size())
                  .struct(g));
          return out;
        });
  }

  private Tensor pool(String op, String kernel, Tensor x, int kh, int kw, int stride, int pad) {
    int[] g = Layouts.conv(x.shape(), kh, kw, stride, pad);
    Tensor out = alloc(x.dtype(), new int[] {g[0], g[1], g[8], g[9]});
    cx.launch(
        kernel + sfx(x.dtype()),
        cx.elements(out.size()),
        new KernelArgs().ptr(ptr(op, x)).ptr(ptr(op, out)).i64(out.size()).struct(g));
    return out;
  }

  @Override
  public Tensor maxPool2d(Tensor x, int kh, int kw, int stride, int pad) {
    return cx.guard("maxPool2d", () -> pool("maxPool2d", "maxpool", x, kh, kw, stride, pad));
  }

  @Override
  public Tensor maxPool2dBackward(Tensor x, Tensor gy, int kh, int kw, int stride, int pad) {
    return cx.guard(
        "maxPool2dBackward",
        () -> {
          int[] g = Layouts.conv(x.shape(), kh, kw, stride, pad);
          Tensor g2 = cast(gy, x.dtype());
          Tensor out = zeros(x.dtype(), x.shape());
          cx.launch(
              "maxpool_backward" + sfx(x.dtype()),
              cx.elements(g2.size()),
              new KernelArgs()
                  .ptr(ptr("maxPool2dBackward", x))
                  .ptr(ptr("maxPool2dBackward", g2))
                  .ptr(ptr("maxPool2dBackward", out))
                  .i64(g2.size())
                  .struct(g));
          return out;
        });
  }

  @Override
  public Tensor avgPool2d(Tensor x, int kh, int kw, int stride, int pad) {
    return cx.guard("avgPool2d", () -> pool("avgPool2d", "avgpool", x, kh, kw, stride, pad));
  }

  @Override
  public Tensor avgPool2dBackward(Tensor gy, int[] xShape, int kh, int kw, int stride, int pad) {
    return cx.guard(
        "avgPool2dBackward",
        () -> {
          int[] g = Layouts.conv(xShape, kh, kw, stride, pad);
          Tensor out = alloc(gy.dtype(), xShape.clone());
          cx.launch(
              "avgpool_backward" + sfx(gy.dtype()),
              cx.elements(out.size()),
              new KernelArgs()
                  .ptr(ptr("avgPool2dBackward", gy))
                  .ptr(ptr("avgPool2dBackward", out))
                  .i64(out.size())
                  .struct(g));
          return out;
        });
  }

  // ------------------------------------------------------------------ fused extras

  /**
   * Softmax cross-entropy per row, fused: {@code loss[r] = logsumexp(x[r]) − x[r, labels[r]]} and
   * its gradient {@code softmax(x[r]) − onehot(labels[r])} (not divided by the batch).
   *
   * @param logits {@code (N, C)} on this device
   * @param labels N class indices in {@code [0, C)}
   * @return the losses {@code (N)} and the gradient {@code (N, C)}
   */
  @Override
  public Tensor[] softmaxCrossEntropy(Tensor logits, int[] labels) {
    int[] s = logits.shape();
    Kernels.checkLabels(s, labels);
    return cx.guard(
        "softmaxCrossEntropy",
        () -> {
          Tensor loss = alloc(logits.dtype(), new int[] {s[0]});
          Tensor grad = alloc(logits.dtype(), s);
          Block idx = upload(labels);
          try {
            cx.launch(
                "softmax_cross_entropy" + sfx(logits.dtype()),
                cx.elements(s[0]),
                new KernelArgs()
                    .ptr(ptr("softmaxCrossEntropy", logits))
                    .ptr(idx.ptr())
                    .ptr(ptr("softmaxCrossEntropy", loss))
                    .ptr(ptr("softmaxCrossEntropy", grad))
                    .i64(s[0])
                    .i32(s[1]));
          } finally {
            cx.allocator.release(idx);
          }
          return new Tensor[] {loss, grad};
        });
  }

  /**
   * The LSTM step's pointwise part in one kernel ({@code lstm_cell}), one thread per unit of every
   * row; see {@link Kernels#lstmCell}. A null {@code c} is a zero tensor.
   *
   * @param z the pre-activations {@code [N, 4H]} on this device
   * @param c the previous cell state {@code [N, H]}, or null for zeros
   * @return the activated gates {@code [N, 4H]}, {@code c'} and {@code h'} {@code [N, H]}
   */
  @Override
  public Tensor[] lstmCell(Tensor z, Tensor c) {
    int[] hs = lstmStateShape(z);
    if (hs == null || !lstmFits(z, hs, c)) {
      return Kernels.super.lstmCell(z, c);
    }
    return cx.guard(
        "lstmCell",
        () -> {
          Tensor c0 = c != null ? c : full(z.dtype(), hs, 0);
          Tensor gates = alloc(z.dtype(), z.shape());
          Tensor c2 = alloc(z.dtype(), hs);
          Tensor h2 = alloc(z.dtype(), hs);
          cx.launch(
              "lstm_cell" + sfx(z.dtype()),
              cx.elements((long) hs[0] * hs[1]),
              new KernelArgs()
                  .ptr(ptr("lstmCell", z))
                  .ptr(ptr("lstmCell", c0))
                  .ptr(ptr("lstmCell", gates))
                  .ptr(ptr("lstmCell", c2))
                  .ptr(ptr("lstmCell", h2))
                  .i64(hs[0])
                  .i32(hs[1]));
          return new Tensor[] {gates, c2, h2};
        });
  }

  /**
   * The backward of {@link #lstmCell} in one kernel ({@code lstm_cell_backward}); see {@link
   * Kernels#lstmCellBackward}. A null {@code c} or {@code dc} is a zero tensor.
   *
   * @param gates the activated gates {@code [N, 4H]} on this device
   * @param c the previous cell state {@code [N, H]}, or null for zeros
   * @param c2 the new cell state {@code [N, H]}
   * @param dh the gradient of {@code h'} {@code [N, H]}
   * @param dc the gradient of {@code c'} {@code [N, H]}, or null for zeros
   * @return the gradient of {@code z} {@code [N, 4H]} and of {@code c} {@code [N, H]}
   */
  @Override
  public Tensor[] lstmCellBackward(Tensor gates, Tensor c, Tensor c2, Tensor dh, Tensor dc) {
    int[] hs = lstmStateShape(gates);
    if (hs == null
        || c2 == null
        || dh == null
        || !lstmFits(gates, hs, c)
        || !lstmFits(gates, hs, c2)
        || !lstmFits(gates, hs, dh)
        || !lstmFits(gates, hs, dc)) {
      return Kernels.super.lstmCellBackward(gates, c, c2, dh, dc);
    }
    return cx.guard(
        "lstmCellBackward",
        () -> {
          Tensor c0 = c != null ? c : full(gates.dtype(), hs, 0);
          Tensor dc0 = dc != null ? dc : full(gates.dtype(), hs, 0);
          Tensor dz = alloc(gates.dtype(), gates.shape());
          Tensor dcp = alloc(gates.dtype(), hs);
          cx.launch(
              "lstm_cell_backward" + sfx(gates.dtype()),
              cx.elements((long) hs[0] * hs[1]),
              new KernelArgs()
                  .ptr(ptr("lstmCellBackward", gates))
                  .ptr(ptr("lstmCellBackward", c0))
                  .ptr(ptr("lstmCellBackward", c2))
                  .ptr(ptr("lstmCellBackward", dh))
                  .ptr(ptr("lstmCellBackward", dc0))
                  .ptr(ptr("lstmCellBackward", dz))
                  .ptr(ptr("lstmCellBackward", dcp))
                  .i64(hs[0])
                  .i32(hs[1]));
          return new Tensor[] {dz, dcp};
        });
  }

  /**
   * The GRU step's pointwise part in one kernel ({@code gru_cell}), one thread per unit of every
   * row; see {@link Kernels#gruCell}. A null {@code h} is a zero tensor.
   *
   * @param a the input's share {@code [N, 3H]} on this device
   * @param u the recurrent share {@code [N, 3H]}
   * @param h the previous hidden state {@code [N, H]}, or null for zeros
   * @return the activated gates {@code [N, 3H]} and {@code h'} {@code [N, H]}
   */
  @Override
  public Tensor[] gruCell(Tensor a, Tensor u, Tensor h) {
    int[] hs = gruStateShape(a);
    if (hs == null || u == null || !u.sameShape(a) || !lstmFits(a, hs, h) || !sameKind(a, u)) {
      return Kernels.super.gruCell(a, u, h);
    }
    return cx.guard(
        "gruCell",
        () -> {
          Tensor h0 = h != null ? h : full(a.dtype(), hs, 0);
          Tensor gates = alloc(a.dtype(), a.shape());
          Tensor h2 = alloc(a.dtype(), hs);
          cx.launch(
              "gru_cell" + sfx(a.dtype()),
              cx.elements((long) hs[0] * hs[1]),
              new KernelArgs()
                  .ptr(ptr("gruCell", a))
                  .ptr(ptr("gruCell", u))
                  .ptr(ptr("gruCell", h0))
                  .ptr(ptr("gruCell", gates))
                  .ptr(ptr("gruCell", h2))
                  .i64(hs[0])
                  .i32(hs[1]));
          return new Tensor[] {gates, h2};
        });
  }

  /**
   * The backward of {@link #gruCell} in one kernel ({@code gru_cell_backward}); see {@link
   * Kernels#gruCellBackward}. A null {@code h} is a zero tensor.
   *
   * @param gates the activated gates {@code [N, 3H]} on this device
   * @param u the recurrent share {@code [N, 3H]}
   * @param h the previous hidden state {@code [N, H]}, or null for zeros
   * @param dh the gradient of {@code h'} {@code [N, H]}
   * @return the gradients of the input's and recurrent shares {@code [N, 3H]} and {@code h}'s
   *     direct part {@code [N, H]}
   */
  @Override
  public Tensor[] gruCellBackward(Tensor gates, Tensor u, Tensor h, Tensor dh) {
    int[] hs = gruStateShape(gates);
    if (hs == null
        || u == null
        || dh == null
        || !u.sameShape(gates)
        || !sameKind(gates, u)
        || !lstmFits(gates, hs, h)
        || !lstmFits(gates, hs, dh)) {
      return Kernels.super.gruCellBackward(gates, u, h, dh);
    }
    return cx.guard(
        "gruCellBackward",
        () -> {
          Tensor h0 = h != null ? h : full(gates.dtype(), hs, 0);
          Tensor da = alloc(gates.dtype(), gates.shape());
          Tensor du = alloc(gates.dtype(), gates.shape());
          Tensor dhp = alloc(gates.dtype(), hs);
          cx.launch(
              "gru_cell_backward" + sfx(gates.dtype()),
              cx.elements((long) hs[0] * hs[1]),
              new KernelArgs()
                  .ptr(ptr("gruCellBackward", gates))
                  .ptr(ptr("gruCellBackward", u))
                  .ptr(ptr("gruCellBackward", h0))
                  .ptr(ptr("gruCellBackward", dh))
                  .ptr(ptr("gruCellBackward", da))
                  .ptr(ptr("gruCellBackward", du))
                  .ptr(ptr("gruCellBackward", dhp))
                  .i64(hs[0])
                  .i32(hs[1]));
          return new Tensor[] {da, du, dhp};
        });
  }

  /** {@code [N, H]} for a non-empty {@code [N, 3H]} tensor on this device, else null. */
  private int[] gruStateShape(Tensor a) {
    if (a.rank() != 2 || a.dim(1) % 3 != 0 || a.size() == 0 || a.device() != cx.device) {
      return null;
    }
    return new int[] {a.dim(0), a.dim(1) / 3};
  }

  private boolean sameKind(Tensor a, Tensor b) {
    return a.dtype() == b.dtype() && b.device() == cx.device;
  }

  /** {@code [N, H]} for a non-empty {@code [N, 4H]} tensor on this device, else null. */
  private int[] lstmStateShape(Tensor z) {
    if (z.rank() != 2 || z.dim(1) % 4 != 0 || z.size() == 0 || z.device() != cx.device) {
      return null;
    }
    return new int[] {z.dim(0), z.dim(1) / 4};
  }

  /** A state tensor (or null) the fused kernels can read alongside {@code z}. */
  private boolean lstmFits(Tensor z, int[] hs, Tensor s) {
    return s == null || (s.dtype() == z.dtype() && s.hasShape(hs) && s.device() == cx.device);
  }

  /**
   * Batch-norm statistics per feature: mean and biased variance over every axis but 1, for {@code
   * (N, C)} or {@code (N, C, H, W)} input.
   *
   * @param x the input on this device
   * @return the mean {@code (C)} and the variance {@code (C)}
   */
  public Tensor[] batchNormStats(Tensor x) {
    int[] s = x.shape();
    if (s.length != 2 && s.length != 4) {
      throw new IllegalArgumentException(
          "batchNormStats: x: need (N, C) or (N, C, H, W), got " + java.util.Arrays.toString(s));
    }
    int hw = s.length == 4 ? s[2] * s[3] : 1;
    return cx.guard(
        "batchNormStats",
        () -> {
          Tensor mean = alloc(x.dtype(), new int[] {s[1]});
          Tensor var = alloc(x.dtype(), new int[] {s[1]});
          cx.launch(
              "batchnorm_stats" + sfx(x.dtype()),
              LaunchConfig.forBlocks(s[1], (long) s[0] * hw, cx.maxGrid),
              new KernelArgs()
                  .ptr(ptr("batchNormStats", x))
                  .ptr(ptr("batchNormStats", mean))
                  .ptr(ptr("batchNormStats", var))
                  .i32(s[0])
                  .i32(s[1])
                  .i32(hw));
          return new Tensor[] {mean, var};
        });
  }
}
