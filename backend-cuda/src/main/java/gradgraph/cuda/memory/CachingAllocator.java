package gradgraph.cuda.memory;

import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Device memory with a cache of freed blocks, grouped by bucket size (PyTorch's caching allocator,
 * simplified). Requests round up to a bucket: powers of two from 512 bytes to 1 MiB, then multiples
 * of 2 MiB. A released block waits in its bucket's free list for the next request of that bucket;
 * when the cache would exceed its limit, the block is freed instead. When the driver is out of
 * memory, the whole cache is freed and the allocation tried once more.
 *
 * <p>Thread-safe: cleaners release blocks from their own thread. All work runs on one stream per
 * device, so a block reused right after release is ordered after the kernels that used it.
 */
public final class CachingAllocator {
  /** The smallest bucket. */
  public static final long MIN_BUCKET = 512;

  /** Above this, buckets are multiples of {@link #LARGE_STEP}. */
  public static final long SMALL_LIMIT = 1L << 20;

  /** The bucket step for large blocks. */
  public static final long LARGE_STEP = 2L << 20;

  private final CudaApi api;
  private final String device;
  private final long maxCachedBytes;
  private final TreeMap<Long, ArrayDeque<CudaApi.Ptr>> free = new TreeMap<>();
  private Runnable pressure = System::gc;
  private Runnable bind = () -> {};
  private long cachedBytes;
  private long inUseBytes;
  private long driverAllocations;
  private long driverFrees;
  private long reuses;

  /**
   * Creates an allocator.
   *
   * @param api the driver calls
   * @param device the device's name, for messages (e.g. {@code cuda:0})
   * @param maxCachedBytes the most bytes kept in free lists
   */
  public CachingAllocator(CudaApi api, String device, long maxCachedBytes) {
    this.api = api;
    this.device = device;
    this.maxCachedBytes = maxCachedBytes;
  }

  /**
   * Rounds a request up to its bucket.
   *
   * @param bytes the request, positive
   * @return the bucket size
   */
  public static long bucket(long bytes) {
    if (bytes <= MIN_BUCKET) {
      return MIN_BUCKET;
    }
    if (bytes <= SMALL_LIMIT) {
      return Long.highestOneBit(bytes - 1) << 1;
    }
    return (bytes + LARGE_STEP - 1) / LARGE_STEP * LARGE_STEP;
  }

  /**
   * Returns a block of at least {@code bytes}, reusing a cached one of the same bucket when there
   * is one.
   *
   * @param bytes the size, 0 or more (0 gives a block without memory)
   * @return the block
   * @throws DeviceMemoryException when the device is out of memory even with an empty cache
   */
  public synchronized Block allocate(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("allocate: bytes: must be >= 0, got " + bytes);
    }
    if (bytes == 0) {
      return new Block(null, 0, 0);
    }
    long size = bucket(bytes);
    ArrayDeque<CudaApi.Ptr> list = free.get(size);
    CudaApi.Ptr ptr = list == null ? null : list.pollLast();
    if (ptr != null) {
      cachedBytes -= size;
      reuses++;
    } else {
      ptr = allocateFromDriver(size, bytes);
    }
    inUseBytes += size;
    return new Block(ptr, size, bytes);
  }

  private CudaApi.Ptr allocateFromDriver(long size, long requested) {
    try {
      bind.run();
      CudaApi.Ptr p = api.memAlloc(size);
      driverAllocations++;
      return p;
    } catch (CudaCallException e) {
      if (e.code() != CudaCallException.OUT_OF_MEMORY) {
        throw e;
      }
      // Unreachable tensors may still hold blocks: let the collector run their cleaners first.
      pressure.run();
      try {
        wait(20); // releases the lock so that cleaner threads can give blocks back
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      long freed = cachedBytes;
      emptyCache();
      try {
        CudaApi.Ptr p = api.memAlloc(size);
        driverAllocations++;
        return p;
      } catch (CudaCallException again) {
        if (again.code() != CudaCallException.OUT_OF_MEMORY) {
          throw again;
        }
        throw new DeviceMemoryException(
            device
                + ": out of device memory: could not allocate "
                + human(requested)
                + " ("
                + human(inUseBytes)
                + " held by live tensors, "
                + human(freed)
                + " of cached blocks freed and retried). Free device tensors sooner with"
                + " try (CudaScope s = CudaScope.open()) { ... }, use smaller batches, or run on the"
                + " CPU (Device.CPU, --device cpu)",
            again);
      }
    }
  }

  /**
   * Sets what runs before each driver call: making the device's context current, since cleaners
   * release blocks from their own thread.
   *
   * @param action the action
   */
  public synchronized void beforeDriverCall(Runnable action) {
    this.bind = action;
  }

  /**
   * Replaces what runs when the driver is out of memory, before the cache is emptied (by default a
   * garbage collection, so that cleaners of unreachable tensors return their blocks).
   *
   * @param action the action
   */
  public synchronized void onPressure(Runnable action) {
    this.pressure = action;
  }

  /**
   * Gives a block back: cached for reuse, or freed when the cache is full.
   *
   * @param block a block from {@link #allocate}, released at most once
   */
  public synchronized void release(Block block) {
    if (block.ptr() == null) {
      return;
    }
    long size = block.bucketBytes();
    inUseBytes -= size;
    if (cachedBytes + size > maxCachedBytes) {
      bind.run();
      api.memFree(block.ptr());
      driverFrees++;
      return;
    }
    free.computeIfAbsent(size, s -> new ArrayDeque<>()).addLast(block.ptr());
    cachedBytes += size;
  }

  /** Frees every cached block back to the driver. */
  public synchronized void emptyCache() {
    if (!free.isEmpty()) {
      bind.run();
    }
    for (Map.Entry<Long, ArrayDeque<CudaApi.Ptr>> e : free.entrySet()) {
      for (CudaApi.Ptr p : e.getValue()) {
        api.memFree(p);
        driverFrees++;
      }
    }
    free.clear();
    cachedBytes = 0;
  }

  /**
   * Returns the bytes held by blocks in use (bucket sizes).
   *
   * @return bytes
   */
  public synchronized long inUseBytes() {
    return inUseBytes;
  }

  /**
   * Returns the bytes waiting in free lists.
   *
   * @return bytes
   */
  public synchronized long cachedBytes() {
    return cachedBytes;
  }

  /**
   * Returns how many times the driver was asked for memory.
   *
   * @return the count of cuMemAlloc calls that succeeded
   */
  public synchronized long driverAllocations() {
    return driverAllocations;
  }

  /**
   * Returns how many blocks were given back to the driver.
   *
   * @return the count of cuMemFree calls
   */
  public synchronized long driverFrees() {
    return driverFrees;
  }

  /**
   * Returns how many requests a cached block served.
   *
   * @return the count
   */
  public synchronized long reuses() {
    return reuses;
  }

  /**
   * Formats a byte count: {@code 512 B}, {@code 1.5 MiB}.
   *
   * @param bytes the count
   * @return the text
   */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
