package gradgraph.models.data;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * DeZero's spiral data set ({@code dezero.datasets.get_spiral}): points on {@code classes}
 * interleaved spiral arms in the plane, which no linear model separates.
 *
 * <p>Point {@code i} of class {@code j} has radius {@code r = i / n} and angle {@code θ = 4j + 4r +
 * 0.2·ε} with {@code ε ~ N(0, 1)}, and sits at {@code (r sin θ, r cos θ)}; the points are then
 * shuffled. DeZero seeds NumPy with 1984 for training and 2020 for testing; {@link #train()} and
 * {@link #test()} use the same seeds with Gradgraph's generator (Well19937c), so the points follow
 * the same law but are not NumPy's numbers.
 */
public final class Spiral {
  private Spiral() {}

  /**
   * The training set: 3 classes of 100 points, seed 1984.
   *
   * @return 300 points {@code [300, 2]} (FLOAT32) with labels 0 to 2
   */
  public static Dataset train() {
    return create(1984, 100, 3, 0.2).named("spiral/train");
  }

  /**
   * The test set: 3 classes of 100 points, seed 2020.
   *
   * @return 300 points {@code [300, 2]} (FLOAT32) with labels 0 to 2
   */
  public static Dataset test() {
    return create(2020, 100, 3, 0.2).named("spiral/test");
  }

  /**
   * Creates a spiral data set.
   *
   * @param seed the generator's seed
   * @param pointsPerClass points on each arm, at least 1
   * @param classes number of arms, at least 1
   * @param noise standard deviation of the angle noise (DeZero: 0.2)
   * @return {@code classes · pointsPerClass} points {@code [N, 2]} (FLOAT32), shuffled
   */
  public static Dataset create(long seed, int pointsPerClass, int classes, double noise) {
    Errors.check(
        pointsPerClass >= 1, "Spiral", "pointsPerClass", "must be >= 1, got " + pointsPerClass);
    Errors.check(classes >= 1, "Spiral", "classes", "must be >= 1, got " + classes);
    RandomGenerator rng = new Well19937c(seed);
    int n = pointsPerClass * classes;
    float[] x = new float[2 * n];
    int[] t = new int[n];
    for (int j = 0; j < classes; j++) {
      for (int i = 0; i < pointsPerClass; i++) {
        double rate = (double) i / pointsPerClass;
        double theta = j * 4.0 + 4.0 * rate + rng.nextGaussian() * noise;
        int ix = pointsPerClass * j + i;
        x[2 * ix] = (float) (rate * Math.sin(theta));
        x[2 * ix + 1] = (float) (rate * Math.cos(theta));
        t[ix] = j;
      }
    }
    int[] perm = DataLoader.permutation(n, rng);
    float[] xs = new float[2 * n];
    int[] ts = new int[n];
    for (int k = 0; k < n; k++) {
      xs[2 * k] = x[2 * perm[k]];
      xs[2 * k + 1] = x[2 * perm[k] + 1];
      ts[k] = t[perm[k]];
    }
    return new Dataset("spiral", Tensor.of(xs, n, 2), ts, classes);
  }
}
