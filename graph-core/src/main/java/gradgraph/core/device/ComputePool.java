package gradgraph.core.device;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The threads CPU kernels split large work over. Its size is the system property {@code
 * gradgraph.threads} when set (the launcher's {@code --threads} sets it), else the number of
 * available processors, and can be changed at run time with {@link #setThreads}.
 *
 * <p>Work is split into as many parts as there are threads, by output blocks, so every element is
 * computed by the same sequence of operations whatever the thread count and results are
 * bit-identical. The calling thread runs the first part itself; the others go to daemon workers
 * that block (never spin) while idle, so a busy machine is not slowed further. Small work never
 * reaches the pool.
 */
public final class ComputePool {
  /** The system property that sets the thread count. */
  public static final String THREADS_PROPERTY = "gradgraph.threads";

  private static volatile int threads = initialThreads();
  private static final ExecutorService WORKERS = Executors.newCachedThreadPool(new Daemons());

  private ComputePool() {}

  private static int initialThreads() {
    int cores = Runtime.getRuntime().availableProcessors();
    String p = System.getProperty(THREADS_PROPERTY);
    if (p == null || p.isBlank()) {
      return cores;
    }
    try {
      int n = Integer.parseInt(p.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "ComputePool: system property "
            + THREADS_PROPERTY
            + ": must be a positive integer, got '"
            + p
            + "'");
  }

  /**
   * Returns how many threads large kernels use.
   *
   * @return the thread count, at least 1
   */
  public static int threads() {
    return threads;
  }

  /**
   * Sets how many threads large kernels use; 1 keeps all work on the calling thread.
   *
   * @param n the thread count, at least 1
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("ComputePool.setThreads: n: must be at least 1, got " + n);
    }
    threads = n;
  }

  /**
   * Returns the name of the matrix-product kernel picked at startup: {@code native} (the system's
   * optimized BLAS, e.g. OpenBLAS, when installed and {@code OPENBLAS_NUM_THREADS=1}), {@code
   * vector} (the Vector API kernel, when the {@code jdk.incubator.vector} module is present) or
   * {@code java} (the pure-Java kernel). Products too small to pack run a plain loop whichever
   * kernel this is.
   *
   * @return {@code native}, {@code vector} or {@code java}
   */
  public static String gemmKernel() {
    return CpuGemm.kernel().name();
  }

  /**
   * Runs {@code body.accept(i)} for every {@code i} in {@code [0, parts)}: part 0 on the calling
   * thread, the others on workers, and returns when all are done. An exception in a part is
   * rethrown here.
   */
  static void run(int parts, IntConsumer body) {
    if (parts <= 1) {
      if (parts == 1) {
        body.accept(0);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(parts - 1);
    for (int i = 1; i < parts; i++) {
      int part = i;
      futures.add(WORKERS.submit(() -> body.accept(part)));
    }
    RuntimeException failure = null;
    try {
      body.accept(0);
    } catch (RuntimeException e) {
      failure = e;
    }
    boolean interrupted = false;
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            Throwable c = e.getCause();
            failure =
                c instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("ComputePool: a worker failed", c);
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Splits {@code [0, n)} into {@code parts} contiguous ranges whose inner boundaries are multiples
   * of {@code align}; returns the {@code parts + 1} boundaries (some ranges may be empty).
   */
  static int[] split(int n, int parts, int align) {
    int[] at = new int[parts + 1];
    int units = (n + align - 1) / align;
    for (int i = 1; i < parts; i++) {
      at[i] = Math.min(n, (int) ((long) units * i / parts) * align);
    }
    at[parts] = n;
    return at;
  }

  private static final class Daemons implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "gradgraph-compute-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
