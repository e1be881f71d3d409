package gradgraph.models.data;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Randoms;
import gradgraph.core.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Cuts a {@link Dataset} into mini-batches, like PyTorch's {@code DataLoader} or DeZero's {@code
 * DataLoader}.
 *
 * <p>Each call of {@link #iterator()} is one epoch. With shuffling, epoch {@code e} visits the
 * examples in a permutation drawn from a generator seeded with {@code (seed, e)}: the same seed
 * gives the same batches in the same order on every run, and every epoch is shuffled differently.
 * {@link #epoch(int)} gives the batches of any epoch directly (e.g. to resume training). Without
 * shuffling the examples come in order. The last, smaller batch is kept unless {@code dropLast}.
 *
 * <pre>{@code
 * DataLoader loader = new DataLoader(train, 100, true, 42, false);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   for (Batch b : loader) { ... }   // a new shuffle each epoch
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one loader feeds one training loop.
 */
public final class DataLoader implements Iterable<Batch> {
  private final Dataset dataset;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final boolean dropLast;
  private final UnaryOperator<Tensor> transform;
  private final boolean prefetch;
  private int nextEpoch;

  /** One daemon thread shared by every prefetching loader; it only copies rows and transforms. */
  private static final ExecutorService PREFETCH =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "gradgraph-prefetch");
            t.setDaemon(true);
            return t;
          });

  /**
   * Creates a loader that goes through the data in order, keeping the last smaller batch.
   *
   * @param dataset the data
   * @param batchSize examples per batch, at least 1
   */
  public DataLoader(Dataset dataset, int batchSize) {
    this(dataset, batchSize, false, 0, false);
  }

  /**
   * Creates a loader.
   *
   * @param dataset the data
   * @param batchSize examples per batch, at least 1
   * @param shuffle whether each epoch visits the examples in a new seeded permutation
   * @param seed the seed of the permutations (ignored without shuffling)
   * @param dropLast whether to skip a last batch smaller than {@code batchSize}
   */
  public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
    this(dataset, batchSize, shuffle, seed, dropLast, null, false);
  }

  private DataLoader(
      Dataset dataset,
      int batchSize,
      boolean shuffle,
      long seed,
      boolean dropLast,
      UnaryOperator<Tensor> transform,
      boolean prefetch) {
    Errors.check(batchSize >= 1, "DataLoader", "batchSize", "must be >= 1, got " + batchSize);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.dropLast = dropLast;
    this.transform = transform;
    this.prefetch = prefetch;
  }

  /**
   * Returns a loader that also applies a function to each batch's inputs, e.g. an {@link Augment}
   * (which keeps its own seeded generator) or {@link Transforms#flatten}.
   *
   * @param f maps a batch's {@code x} to new inputs with the same first dimension
   * @return a new loader, starting at epoch 0, with {@code f} after any earlier transform
   */
  public DataLoader withTransform(UnaryOperator<Tensor> f) {
    UnaryOperator<Tensor> g = transform == null ? f : t -> f.apply(transform.apply(t));
    return new DataLoader(dataset, batchSize, shuffle, seed, dropLast, g, prefetch);
  }

  /**
   * Returns a loader that assembles the next batch (row copies and transform) on a background
   * thread while the caller trains on the current one, as PyTorch's {@code DataLoader} does with a
   * worker. The batches, their order and any augmentation are exactly those of the plain loader; an
   * error in the background surfaces from {@code next()}. Stopping early is fine: at most one batch
   * is made in vain.
   *
   * @return a new loader, starting at epoch 0, that prefetches one batch
   */
  public DataLoader withPrefetch() {
    return new DataLoader(dataset, batchSize, shuffle, seed, dropLast, transform, true);
  }

  /**
   * Returns the data set.
   *
   * @return the data
   */
  public Dataset dataset() {
    return dataset;
  }

  /**
   * Returns the batch size.
   *
   * @return examples per batch
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the number of batches in one epoch.
   *
   * @return {@code ceil(N / batchSize)}, or {@code floor} with {@code dropLast}
   */
  public int batchesPerEpoch() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /**
   * Returns the epoch that the next call of {@link #iterator()} will produce.
   *
   * @return the epoch number, from 0
   */
  public int nextEpoch() {
    return nextEpoch;
  }

  /**
   * Sets the epoch that the next call of {@link #iterator()} will produce (to resume training).
   *
   * @param epoch the epoch number, at least 0
   */
  public void setNextEpoch(int epoch) {
    Errors.check(epoch >= 0, "DataLoader", "epoch", "must be >= 0, got " + epoch);
    nextEpoch = epoch;
  }

  /**
   * Returns the batches of the next epoch and advances the epoch counter.
   *
   * @return an iterator over the batches
   */
  @Override
  public Iterator<Batch> iterator() {
    return epoch(nextEpoch++).iterator();
  }

  /**
   * Returns the batches of one epoch without touching the epoch counter.
   *
   * @param epoch the epoch number, at least 0
   * @return the batches of that epoch, the same every time for the same seed
   */
  public Iterable<Batch> epoch(int epoch) {
    Errors.check(epoch >= 0, "DataLoader", "epoch", "must be >= 0, got " + epoch);
    int[] order = order(epoch);
    int batches = batchesPerEpoch();
    return () ->
        new Iterator<>() {
          private int b;
          private Future<Batch> ahead;

          @Override
          public boolean hasNext() {
            return b < batches;
          }

          @Override
          public Batch next() {
            if (!hasNext()) {
              throw new NoSuchElementException("DataLoader: epoch " + epoch + " has ended");
            }
            if (!prefetch) {
              return make(order, b++);
            }
            Future<Batch> now = ahead != null ? ahead : submit(order, b);
            b++;
            ahead = b < batches ? submit(order, b) : null;
            try {
              return now.get();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(
                  "DataLoader: interrupted while waiting for a batch", e);
            } catch (ExecutionException e) {
              Throwable c = e.getCause();
              if (c instanceof RuntimeException re) {
                throw re;
              }
              if (c instanceof Error err) {
                throw err;
              }
              throw new IllegalStateException("DataLoader: making a batch failed", c);
            }
          }
        };
  }

  private Future<Batch> submit(int[] order, int b) {
    return PREFETCH.submit(() -> make(order, b));
  }

  /** Batch {@code b} of an epoch's order, transformed. */
  private Batch make(int[] order, int b) {
    int from = b * batchSize;
    int to = Math.min(from + batchSize, order.length);
    Batch batch = dataset.batch(java.util.Arrays.copyOfRange(order, from, to));
    return transform == null ? batch : new Batch(transform.apply(batch.x()), batch.labels());
  }

  /**
   * Returns the order in which an epoch visits the examples.
   *
   * @param epoch the epoch number
   * @return a permutation of {@code [0, N)} (the identity without shuffling)
   */
  public int[] order(int epoch) {
    int n = dataset.size();
    if (!shuffle) {
      int[] id = new int[n];
      for (int i = 0; i < n; i++) {
        id[i] = i;
      }
      return id;
    }
    return permutation(n, new Well19937c(new int[] {(int) (seed >>> 32), (int) seed, epoch}));
  }

  /**
   * Draws a uniform random permutation with a JDK generator ({@code new SplittableRandom(42)}).
   *
   * @param n the length
   * @param rng the JDK generator (advanced)
   * @return a permutation of {@code [0, n)}
   */
  public static int[] permutation(int n, java.util.random.RandomGenerator rng) {
    return permutation(n, Randoms.of(rng));
  }

  /**
   * Draws a uniform random permutation (Fisher–Yates).
   *
   * @param n the length
   * @param rng the generator (advanced)
   * @return a permutation of {@code [0, n)}
   */
  public static int[] permutation(int n, RandomGenerator rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  @Override
  public String toString() {
    return "DataLoader("
        + dataset.name()
        + ", batchSize="
        + batchSize
        + ", shuffle="
        + shuffle
        + (shuffle ? ", seed=" + seed : "")
        + ", dropLast="
        + dropLast
        + ")";
  }
}
