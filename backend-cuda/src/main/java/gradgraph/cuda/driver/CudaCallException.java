package gradgraph.cuda.driver;

/**
 * A CUDA driver or cuBLAS call returned an error code. Thrown by {@link CudaApi} implementations;
 * the backend translates it into a message that says what to do ({@code
 * gradgraph.cuda.CudaErrors}).
 */
public class CudaCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** CUDA_ERROR_OUT_OF_MEMORY. */
  public static final int OUT_OF_MEMORY = 2;

  /** CUDA_ERROR_NOT_INITIALIZED. */
  public static final int NOT_INITIALIZED = 3;

  /** CUDA_ERROR_NO_DEVICE. */
  public static final int NO_DEVICE = 100;

  /** CUDA_ERROR_SYSTEM_DRIVER_MISMATCH: the kernel driver and libcuda differ in version. */
  public static final int SYSTEM_DRIVER_MISMATCH = 803;

  /** CUDA_ERROR_INVALID_PTX. */
  public static final int INVALID_PTX = 218;

  /** CUDA_ERROR_UNSUPPORTED_PTX_VERSION. */
  public static final int UNSUPPORTED_PTX_VERSION = 222;

  /** CUDA_ERROR_LAUNCH_FAILED. */
  public static final int LAUNCH_FAILED = 719;

  private final String call;
  private final int code;
  private final String codeName;
  private final boolean cublas;

  /**
   * Creates the exception.
   *
   * @param call the call that failed, e.g. {@code cuMemAlloc}
   * @param code the error code it returned
   * @param codeName the code's symbolic name, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}
   * @param cublas whether the code is a cuBLAS status rather than a driver result
   */
  public CudaCallException(String call, int code, String codeName, boolean cublas) {
    super(call + " failed: " + codeName + " (" + code + ")");
    this.call = call;
    this.code = code;
    this.codeName = codeName;
    this.cublas = cublas;
  }

  /**
   * Returns the name of the call that failed.
   *
   * @return the call, e.g. {@code cuMemAlloc}
   */
  public String call() {
    return call;
  }

  /**
   * Returns the numeric error code.
   *
   * @return the code
   */
  public int code() {
    return code;
  }

  /**
   * Returns the symbolic name of the code.
   *
   * @return the name
   */
  public String codeName() {
    return codeName;
  }

  /**
   * Tells whether the code is a cuBLAS status (else a driver {@code CUresult}).
   *
   * @return true for cuBLAS
   */
  public boolean isCublas() {
    return cublas;
  }
}
