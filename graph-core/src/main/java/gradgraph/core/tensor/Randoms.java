package gradgraph.core.tensor;

import java.util.Objects;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Bridges the JDK's {@link java.util.random.RandomGenerator} ({@code new SplittableRandom(42)},
 * {@code RandomGeneratorFactory.of("L64X128MixRandom").create(42)}, {@code new Random(42)}) to the
 * Apache Commons Math generator the engine draws from, so every method that takes a generator
 * accepts either. The adapter draws from the JDK generator and advances it; the same JDK generator
 * seeded the same way gives the same tensors.
 */
public final class Randoms {
  private Randoms() {}

  /**
   * Wraps a JDK generator.
   *
   * @param rng the generator (advanced by every draw)
   * @return a Commons Math view of it
   * @throws NullPointerException if {@code rng} is null
   */
  public static RandomGenerator of(java.util.random.RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng: a java.util.random.RandomGenerator, got null");
    return new Jdk(rng);
  }

  /** A Commons Math generator that draws from a JDK one. */
  private static final class Jdk implements RandomGenerator {
    private final java.util.random.RandomGenerator rng;

    Jdk(java.util.random.RandomGenerator rng) {
      this.rng = rng;
    }

    @Override
    public void setSeed(int seed) {
      throw reseed();
    }

    @Override
    public void setSeed(int[] seed) {
      throw reseed();
    }

    @Override
    public void setSeed(long seed) {
      throw reseed();
    }

    private UnsupportedOperationException reseed() {
      return new UnsupportedOperationException(
          "Randoms.of: a java.util.random.RandomGenerator cannot be reseeded; create a new one"
              + " with the seed instead");
    }

    @Override
    public void nextBytes(byte[] bytes) {
      rng.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
      return rng.nextInt();
    }

    @Override
    public int nextInt(int n) {
      if (n <= 0) {
        throw Errors.illegalArgument("Randoms.nextInt", "n", "must be > 0, got " + n);
      }
      return rng.nextInt(n);
    }

    @Override
    public long nextLong() {
      return rng.nextLong();
    }

    @Override
    public boolean nextBoolean() {
      return rng.nextBoolean();
    }

    @Override
    public float nextFloat() {
      return rng.nextFloat();
    }

    @Override
    public double nextDouble() {
      return rng.nextDouble();
    }

    @Override
    public double nextGaussian() {
      return rng.nextGaussian();
    }

    @Override
    public String toString() {
      return "Randoms.of(" + rng + ")";
    }
  }
}
