package gradgraph.cuda;

/**
 * A CUDA call failed while computing; the message names the op, the device, the driver's error and
 * what to do about it.
 */
public class CudaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the explanation
   * @param cause the driver-level failure
   */
  public CudaException(String message, Throwable cause) {
    super(message, cause);
  }
}
