package gradgraph.core.device;

/**
 * A provider of devices other than the CPU, found with {@link java.util.ServiceLoader} (list the
 * implementation in {@code META-INF/services/gradgraph.core.device.Backend}). graph-core never
 * imports a backend; backend-cuda is one.
 */
public interface Backend {
  /**
   * Returns the device type this backend serves, e.g. {@code "cuda"}.
   *
   * @return the type name, lower case
   */
  String type();

  /**
   * Probes the hardware and drivers once (implementations cache the answer).
   *
   * @return {@code null} when devices can be used, else why not and what to do instead
   */
  String unavailableReason();

  /**
   * Returns how many devices of this type exist.
   *
   * @return the count, 0 when unavailable
   */
  int deviceCount();

  /**
   * Returns the kernels for one device.
   *
   * @param index the device index
   * @return the kernels
   * @throws IllegalStateException when the device cannot be used, with the reason
   */
  Kernels kernels(int index);

  /**
   * Describes one device for {@code gradgraph devices}: name, memory, compute capability.
   *
   * @param index the device index
   * @return one line of text
   */
  String describe(int index);
}
