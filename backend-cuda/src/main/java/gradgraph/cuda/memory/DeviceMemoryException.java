package gradgraph.cuda.memory;

/** The GPU ran out of memory even after the allocator's cache was emptied. */
public class DeviceMemoryException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was asked for, what is in use, and what to do
   * @param cause the driver's error
   */
  public DeviceMemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
