package gradgraph.cuda.driver;

/**
 * Every CUDA driver and cuBLAS call the backend makes, and nothing more. Handles are opaque records
 * so that tests can mock this interface without loading JCuda or a driver. Failures throw {@link
 * CudaCallException}; a missing native library surfaces as the {@link Error} the JVM throws ({@link
 * UnsatisfiedLinkError}, {@link NoClassDefFoundError}), which the probe catches.
 */
public interface CudaApi {
  /**
   * A device memory allocation.
   *
   * @param handle the implementation's pointer object
   * @param bytes the allocation's size in bytes
   */
  record Ptr(Object handle, long bytes) {}

  /**
   * A context made current on the calling thread before other calls.
   *
   * @param handle the implementation's context object
   * @param device the device ordinal
   */
  record Context(Object handle, int device) {}

  /**
   * A loaded PTX module.
   *
   * @param handle the implementation's module object
   * @param name the module's name, for messages
   */
  record Module(Object handle, String name) {}

  /**
   * A kernel entry point of a module.
   *
   * @param handle the implementation's function object
   * @param name the kernel's C name
   */
  record Function(Object handle, String name) {}

  /**
   * A stream: kernels, copies and GEMMs on one stream run in order.
   *
   * @param handle the implementation's stream object
   */
  record Stream(Object handle) {}

  /**
   * A cuBLAS handle bound to a stream.
   *
   * @param handle the implementation's handle object
   */
  record Blas(Object handle) {}

  /** Initializes the driver ({@code cuInit(0)}). */
  void init();

  /**
   * Returns the driver's CUDA version, e.g. 12040 for 12.4.
   *
   * @return the version
   */
  int driverVersion();

  /**
   * Counts the devices.
   *
   * @return the count
   */
  int deviceCount();

  /**
   * Returns a device's name.
   *
   * @param device the ordinal
   * @return the name, e.g. {@code NVIDIA GeForce RTX 3060}
   */
  String deviceName(int device);

  /**
   * Returns a device's total memory.
   *
   * @param device the ordinal
   * @return bytes
   */
  long deviceTotalMemory(int device);

  /**
   * Returns a device attribute ({@code cuDeviceGetAttribute}).
   *
   * @param device the ordinal
   * @param attribute a {@code CUdevice_attribute} value, see the constants in {@link Attributes}
   * @return its value
   */
  int deviceAttribute(int device, int attribute);

  /**
   * Retains a device's primary context.
   *
   * @param device the ordinal
   * @return the context
   */
  Context retainPrimaryContext(int device);

  /**
   * Makes a context current on the calling thread.
   *
   * @param context the context
   */
  void setCurrent(Context context);

  /**
   * Allocates device memory ({@code cuMemAlloc}).
   *
   * @param bytes the size, positive
   * @return the allocation
   */
  Ptr memAlloc(long bytes);

  /**
   * Frees device memory ({@code cuMemFree}).
   *
   * @param p the allocation
   */
  void memFree(Ptr p);

  /**
   * Sets bytes to zero, ordered on a stream ({@code cuMemsetD8Async}).
   *
   * @param p the allocation
   * @param bytes how many bytes from its start
   * @param stream the stream
   */
  void memZero(Ptr p, long bytes, Stream stream);

  /**
   * Copies floats to the device; waits for earlier work on {@code stream} first.
   *
   * @param dst destination
   * @param src source
   * @param count elements
   * @param stream the stream the data will be used on
   */
  void copyHtoD(Ptr dst, float[] src, int count, Stream stream);

  /**
   * Copies doubles to the device.
   *
   * @param dst destination
   * @param src source
   * @param count elements
   * @param stream the stream
   */
  void copyHtoD(Ptr dst, double[] src, int count, Stream stream);

  /**
   * Copies ints to the device.
   *
   * @param dst destination
   * @param src source
   * @param count elements
   * @param stream the stream
   */
  void copyHtoD(Ptr dst, int[] src, int count, Stream stream);

  /**
   * Copies floats to the host after the work queued on {@code stream} finished.
   *
   * @param dst destination
   * @param src source
   * @param count elements
   * @param stream the stream that produced the data
   */
  void copyDtoH(float[] dst, Ptr src, int count, Stream stream);

  /**
   * Copies doubles to the host.
   *
   * @param dst destination
   * @param src source
   * @param count elements
   * @param stream the stream
   */
  void copyDtoH(double[] dst, Ptr src, int count, Stream stream);

  /**
   * Copies ints to the host.
   *
   * @param dst destination
   * @param src source
   * @param count elements
   * @param stream the stream
   */
  void copyDtoH(int[] dst, Ptr src, int count, Stream stream);

  /**
   * Copies between device allocations, ordered on a stream.
   *
   * @param dst destination
   * @param dstOffset byte offset into {@code dst}
   * @param src source
   * @param srcOffset byte offset into {@code src}
   * @param bytes how many bytes
   * @param stream the stream
   */
  void copyDtoD(Ptr dst, long dstOffset, Ptr src, long srcOffset, long bytes, Stream stream);

  /**
   * Loads a PTX module into the current context.
   *
   * @param name the module's name, for messages
   * @param ptx the PTX text
   * @return the module
   */
  Module loadModule(String name, String ptx);

  /**
   * Finds a kernel in a module.
   *
   * @param module the module
   * @param name the kernel's C name
   * @return the function
   */
  Function function(Module module, String name);

  /**
   * Launches a kernel with a 1-D grid.
   *
   * @param f the kernel
   * @param gridX blocks, 1 to the device's limit
   * @param blockX threads per block, 1 to 1024
   * @param sharedBytes dynamic shared memory
   * @param stream the stream
   * @param args the parameters
   */
  void launch(Function f, int gridX, int blockX, int sharedBytes, Stream stream, KernelArgs args);

  /**
   * Creates a stream.
   *
   * @return the stream
   */
  Stream createStream();

  /**
   * Waits until a stream's work is done.
   *
   * @param stream the stream
   */
  void synchronize(Stream stream);

  /**
   * Creates a cuBLAS handle whose work goes to a stream; loads cuBLAS on first use.
   *
   * @param stream the stream
   * @return the handle
   */
  Blas createBlas(Stream stream);

  /**
   * Column-major strided batched GEMM, {@code C_i = alpha·op(A_i)·op(B_i) + beta·C_i} for {@code i
   * < batch}, in float32 ({@code cublasSgemmStridedBatched}) or float64 ({@code Dgemm}).
   *
   * @param blas the handle
   * @param doublePrecision whether the operands are float64
   * @param transA whether {@code op(A)} is the transpose
   * @param transB whether {@code op(B)} is the transpose
   * @param m rows of {@code op(A)} and C
   * @param n columns of {@code op(B)} and C
   * @param k the inner dimension
   * @param alpha scale of the product
   * @param a A's memory
   * @param lda A's leading dimension
   * @param strideA elements between consecutive A's (0 repeats one)
   * @param b B's memory
   * @param ldb B's leading dimension
   * @param strideB elements between consecutive B's
   * @param beta scale of C's old value
   * @param c C's memory
   * @param ldc C's leading dimension
   * @param strideC elements between consecutive C's
   * @param batch how many products
   */
  void gemmStridedBatched(
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
      int batch);

  /** Device attribute numbers ({@code CUdevice_attribute}) the backend asks for. */
  final class Attributes {
    private Attributes() {}

    /** CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X. */
    public static final int MAX_GRID_DIM_X = 5;

    /** CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT. */
    public static final int MULTIPROCESSOR_COUNT = 16;

    /** CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR. */
    public static final int COMPUTE_CAPABILITY_MAJOR = 75;

    /** CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR. */
    public static final int COMPUTE_CAPABILITY_MINOR = 76;
  }
}
