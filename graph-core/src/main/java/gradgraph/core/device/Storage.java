package gradgraph.core.device;

import gradgraph.core.tensor.DType;

/**
 * The memory behind a tensor, owned by one device. Tensors are always contiguous and row-major; a
 * storage may be shared by tensors that are reshapes of each other and is never written after the
 * tensor that owns it is handed out.
 */
public interface Storage {
  /**
   * Returns the element type.
   *
   * @return the dtype
   */
  DType dtype();

  /**
   * Returns the number of elements.
   *
   * @return the element count
   */
  int size();

  /**
   * Returns the device that owns this memory.
   *
   * @return the device
   */
  Device device();
}
