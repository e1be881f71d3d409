package gradgraph.cuda;

import gradgraph.core.device.Device;
import gradgraph.core.device.Storage;
import gradgraph.core.tensor.DType;
import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.memory.Block;
import gradgraph.cuda.memory.CachingAllocator;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Device memory behind a CUDA tensor. Its block goes back to the allocator when the innermost
 * {@link CudaScope} open at its creation closes, or else when the garbage collector finds the
 * storage unreachable, whichever comes first. Touching a storage whose scope closed fails with a
 * message that says how to keep it.
 */
public final class CudaStorage implements Storage {
  private static final Cleaner CLEANER = Cleaner.create();

  /** The part a cleaner or scope may run without referencing the storage itself. */
  static final class Lease implements Runnable {
    private final CachingAllocator allocator;
    private final Block block;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(CachingAllocator allocator, Block block) {
      this.allocator = allocator;
      this.block = block;
    }

    @Override
    public void run() {
      if (released.compareAndSet(false, true)) {
        allocator.release(block);
      }
    }

    boolean released() {
      return released.get();
    }
  }

  private final Device device;
  private final DType dtype;
  private final int size;
  private final Lease lease;
  private final Cleaner.Cleanable cleanable;

  CudaStorage(Device device, DType dtype, int size, CachingAllocator allocator) {
    this.device = device;
    this.dtype = dtype;
    this.size = size;
    this.lease = new Lease(allocator, allocator.allocate((long) size * dtype.bytes()));
    this.cleanable = CLEANER.register(this, lease);
    CudaScope.track(this);
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Device device() {
    return device;
  }

  /**
   * Returns the device pointer.
   *
   * @return the pointer (null when the storage has no elements)
   * @throws IllegalStateException when the memory was already released by a scope
   */
  public CudaApi.Ptr ptr() {
    if (lease.released()) {
      throw new IllegalStateException(
          "cuda: tensor: its device memory was released when its CudaScope closed; call"
              + " scope.keep(tensor) inside the scope for tensors that must outlive it");
    }
    return lease.block.ptr();
  }

  /**
   * Tells whether the memory went back to the allocator.
   *
   * @return true after release
   */
  public boolean isReleased() {
    return lease.released();
  }

  /** Gives the memory back now; later use fails. Idempotent. */
  public void release() {
    cleanable.clean();
  }
}
