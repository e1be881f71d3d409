package gradgraph.cuda.memory;

import gradgraph.cuda.driver.CudaApi;

/**
 * One allocation handed out by a {@link CachingAllocator}: a device pointer of a bucket's size, of
 * which the first {@link #requested()} bytes are in use.
 */
public final class Block {
  private final CudaApi.Ptr ptr;
  private final long bucketBytes;
  private final long requested;

  Block(CudaApi.Ptr ptr, long bucketBytes, long requested) {
    this.ptr = ptr;
    this.bucketBytes = bucketBytes;
    this.requested = requested;
  }

  /**
   * Returns the device pointer; null for a zero-byte block.
   *
   * @return the pointer
   */
  public CudaApi.Ptr ptr() {
    return ptr;
  }

  /**
   * Returns the size of the underlying allocation (the bucket).
   *
   * @return bytes
   */
  public long bucketBytes() {
    return bucketBytes;
  }

  /**
   * Returns the size that was asked for.
   *
   * @return bytes
   */
  public long requested() {
    return requested;
  }
}
