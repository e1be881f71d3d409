package gradgraph.cuda.driver;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/**
 * {@link CudaApi} on JCuda 12.6 (driver API) and JCublas2: the only class of Gradgraph that touches
 * JCuda. Return codes are checked here and thrown as {@link CudaCallException}. The first call
 * loads JCuda's native library, which needs {@code libcuda.so.1} (the NVIDIA driver); cuBLAS
 * ({@code libcublas.so.12}) is loaded by {@link #createBlas} only.
 *
 * <p>Not verified on a GPU: the machines this was written on have none (see docs/cuda.md).
 */
public final class JCudaApi implements CudaApi {
  /** Creates the API; loads nothing until the first call. */
  public JCudaApi() {}

  private static void check(String call, int result) {
    if (result != CUresult.CUDA_SUCCESS) {
      throw new CudaCallException(call, result, CUresult.stringFor(result), false);
    }
  }

  private static void checkBlas(String call, int status) {
    if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
      throw new CudaCallException(call, status, cublasStatus.stringFor(status), true);
    }
  }

  private static CUdevice device(int ordinal) {
    CUdevice d = new CUdevice();
    check("cuDeviceGet", JCudaDriver.cuDeviceGet(d, ordinal));
    return d;
  }

  private static CUdeviceptr p(Ptr ptr) {
    return (CUdeviceptr) ptr.handle();
  }

  private static CUstream s(Stream stream) {
    return (CUstream) stream.handle();
  }

  @Override
  public void init() {
    JCudaDriver.setExceptionsEnabled(false);
    check("cuInit", JCudaDriver.cuInit(0));
  }

  @Override
  public int driverVersion() {
    int[] v = new int[1];
    check("cuDriverGetVersion", JCudaDriver.cuDriverGetVersion(v));
    return v[0];
  }

  @Override
  public int deviceCount() {
    int[] n = new int[1];
    check("cuDeviceGetCount", JCudaDriver.cuDeviceGetCount(n));
    return n[0];
  }

  @Override
  public String deviceName(int ordinal) {
    byte[] name = new byte[256];
    check("cuDeviceGetName", JCudaDriver.cuDeviceGetName(name, name.length, device(ordinal)));
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    return new String(name, 0, len, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public long deviceTotalMemory(int ordinal) {
    long[] bytes = new long[1];
    check("cuDeviceTotalMem", JCudaDriver.cuDeviceTotalMem(bytes, device(ordinal)));
    return bytes[0];
  }

  @Override
  public int deviceAttribute(int ordinal, int attribute) {
    int[] v = new int[1];
    check("cuDeviceGetAttribute", JCudaDriver.cuDeviceGetAttribute(v, attribute, device(ordinal)));
    return v[0];
  }

  @Override
  public Context retainPrimaryContext(int ordinal) {
    CUcontext ctx = new CUcontext();
    check("cuDevicePrimaryCtxRetain", JCudaDriver.cuDevicePrimaryCtxRetain(ctx, device(ordinal)));
    return new Context(ctx, ordinal);
  }

  @Override
  public void setCurrent(Context context) {
    check("cuCtxSetCurrent", JCudaDriver.cuCtxSetCurrent((CUcontext) context.handle()));
  }

  @Override
  public Ptr memAlloc(long bytes) {
    CUdeviceptr ptr = new CUdeviceptr();
    check("cuMemAlloc", JCudaDriver.cuMemAlloc(ptr, bytes));
    return new Ptr(ptr, bytes);
  }

  @Override
  public void memFree(Ptr ptr) {
    check("cuMemFree", JCudaDriver.cuMemFree(p(ptr)));
  }

  @Override
  public void memZero(Ptr ptr, long bytes, Stream stream) {
    check("cuMemsetD8Async", JCudaDriver.cuMemsetD8Async(p(ptr), (byte) 0, bytes, s(stream)));
  }

  // Synchronous copies on the legacy default stream: it waits for the (blocking) compute stream,
  // so ordering holds without an explicit synchronize.
  @Override
  public void copyHtoD(Ptr dst, float[] src, int count, Stream stream) {
    check("cuMemcpyHtoD", JCudaDriver.cuMemcpyHtoD(p(dst), Pointer.to(src), 4L * count));
  }

  @Override
  public void copyHtoD(Ptr dst, double[] src, int count, Stream stream) {
    check("cuMemcpyHtoD", JCudaDriver.cuMemcpyHtoD(p(dst), Pointer.to(src), 8L * count));
  }

  @Override
  public void copyHtoD(Ptr dst, int[] src, int count, Stream stream) {
    check("cuMemcpyHtoD", JCudaDriver.cuMemcpyHtoD(p(dst), Pointer.to(src), 4L * count));
  }

  @Override
  public void copyDtoH(float[] dst, Ptr src, int count, Stream stream) {
    synchronize(stream);
    check("cuMemcpyDtoH", JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), p(src), 4L * count));
  }

  @Override
  public void copyDtoH(double[] dst, Ptr src, int count, Stream stream) {
    synchronize(stream);
    check("cuMemcpyDtoH", JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), p(src), 8L * count));
  }

  @Override
  public void copyDtoH(int[] dst, Ptr src, int count, Stream stream) {
    synchronize(stream);
    check("cuMemcpyDtoH", JCudaDriver.cuMemcpyDtoH(Pointer.to(dst), p(src), 4L * count));
  }

  @Override
  public void copyDtoD(
      Ptr dst, long dstOffset, Ptr src, long srcOffset, long bytes, Stream stream) {
    check(
        "cuMemcpyDtoDAsync",
        JCudaDriver.cuMemcpyDtoDAsync(
            p(dst).withByteOffset(dstOffset), p(src).withByteOffset(srcOffset), bytes, s(stream)));
  }

  @Override
  public Module loadModule(String name, String ptx) {
    CUmodule m = new CUmodule();
    check("cuModuleLoadData(" + name + ")", JCudaDriver.cuModuleLoadData(m, ptx));
    return new Module(m, name);
  }

  @Override
  public Function function(Module module, String name) {
    CUfunction f = new CUfunction();
    check(
        "cuModuleGetFunction(" + name + ")",
        JCudaDriver.cuModuleGetFunction(f, (CUmodule) module.handle(), name));
    return new Function(f, name);
  }

  @Override
  public void launch(
      Function f, int gridX, int blockX, int sharedBytes, Stream stream, KernelArgs args) {
    var list = args.list();
    NativePointerObject[] params = new NativePointerObject[list.size()];
    for (int i = 0; i < params.length; i++) {
      KernelArgs.Arg a = list.get(i);
      params[i] =
          switch (a.kind()) {
            case POINTER -> Pointer.to(p((Ptr) a.value()));
            case INT -> Pointer.to(new int[] {(Integer) a.value()});
            case LONG -> Pointer.to(new long[] {(Long) a.value()});
            case DOUBLE -> Pointer.to(new double[] {(Double) a.value()});
            case INT_STRUCT -> Pointer.to((int[]) a.value());
          };
    }
    check(
        "cuLaunchKernel(" + f.name() + ")",
        JCudaDriver.cuLaunchKernel(
            (CUfunction) f.handle(),
            gridX,
            1,
            1,
            blockX,
            1,
            1,
            sharedBytes,
            s(stream),
            Pointer.to(params),
            null));
  }

  @Override
  public Stream createStream() {
    CUstream stream = new CUstream();
    check("cuStreamCreate", JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT));
    return new Stream(stream);
  }

  @Override
  public void synchronize(Stream stream) {
    check("cuStreamSynchronize", JCudaDriver.cuStreamSynchronize(s(stream)));
  }

  @Override
  public Blas createBlas(Stream stream) {
    JCublas2.setExceptionsEnabled(false);
    cublasHandle h = new cublasHandle();
    checkBlas("cublasCreate", JCublas2.cublasCreate(h));
    checkBlas("cublasSetStream", JCublas2.cublasSetStream(h, new cudaStream_t(s(stream))));
    return new Blas(h);
  }

  @Override
  public void gemmStridedBatched(
      Blas blas,
      boolean doublePrecision,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double alpha,
      Ptr a,
      int lda,
      long strideA,
      Ptr b,
      int ldb,
      long strideB,
      double beta,
      Ptr c,
      int ldc,
      long strideC,
      int batch) {
    cublasHandle h = (cublasHandle) blas.handle();
    int opA = transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
    int opB = transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N;
    if (doublePrecision) {
      checkBlas(
          "cublasDgemmStridedBatched",
          JCublas2.cublasDgemmStridedBatched(
              h,
              opA,
              opB,
              m,
              n,
              k,
              Pointer.to(new double[] {alpha}),
              p(a),
              lda,
              strideA,
              p(b),
              ldb,
              strideB,
              Pointer.to(new double[] {beta}),
              p(c),
              ldc,
              strideC,
              batch));
    } else {
      checkBlas(
          "cublasSgemmStridedBatched",
          JCublas2.cublasSgemmStridedBatched(
              h,
              opA,
              opB,
              m,
              n,
              k,
              Pointer.to(new float[] {(float) alpha}),
              p(a),
              lda,
              strideA,
              p(b),
              ldb,
              strideB,
              Pointer.to(new float[] {(float) beta}),
              p(c),
              ldc,
              strideC,
              batch));
    }
  }
}
