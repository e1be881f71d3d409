package gradgraph.models.data;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.function.UnaryOperator;

/**
 * Deterministic transforms of inputs and labels: normalization, flattening and one-hot encoding.
 * Each works on a whole tensor {@code [N, ...]}, so it applies to a {@link Dataset} ({@link
 * Dataset#map}) or to each batch ({@link DataLoader#withTransform}).
 */
public final class Transforms {
  private Transforms() {}

  /**
   * Normalizes: {@code (x − mean) / std}.
   *
   * @param x the inputs
   * @param mean the value subtracted
   * @param std the divisor, positive
   * @return the normalized inputs, same shape and dtype
   */
  public static Tensor normalize(Tensor x, double mean, double std) {
    Errors.check(std > 0, "normalize", "std", "must be > 0, got " + std);
    return x.add(-mean).mul(1.0 / std);
  }

  /**
   * The normalization as a function, for {@link Dataset#map} and {@link DataLoader#withTransform}.
   *
   * @param mean the value subtracted
   * @param std the divisor, positive
   * @return {@code x -> normalize(x, mean, std)}
   */
  public static UnaryOperator<Tensor> normalize(double mean, double std) {
    Errors.check(std > 0, "normalize", "std", "must be > 0, got " + std);
    return x -> normalize(x, mean, std);
  }

  /**
   * Keeps the first dimension and flattens the rest: {@code [N, 1, 28, 28]} becomes {@code [N,
   * 784]} (no copy).
   *
   * @param x the inputs, rank 1 or more
   * @return {@code x} reshaped to {@code [N, -1]}
   */
  public static Tensor flatten(Tensor x) {
    Errors.check(x.rank() >= 1, "flatten", "x", "must have rank >= 1, got a scalar");
    int n = x.dim(0);
    return x.reshape(n, n == 0 ? 0 : x.size() / n);
  }

  /**
   * Encodes labels as one-hot rows.
   *
   * @param labels {@code N} labels in {@code [0, numClasses)}
   * @param numClasses the number of classes
   * @param dtype the element type
   * @return a tensor {@code [N, numClasses]} with a 1 at each label's position, 0 elsewhere
   */
  public static Tensor oneHot(int[] labels, int numClasses, DType dtype) {
    Errors.check(numClasses >= 1, "oneHot", "numClasses", "must be >= 1, got " + numClasses);
    double[] d = new double[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw Errors.illegalArgument(
            "oneHot",
            "labels",
            "label " + labels[i] + " at index " + i + " is outside [0, " + numClasses + ")");
      }
      d[i * numClasses + labels[i]] = 1;
    }
    return Tensor.of(d, labels.length, numClasses).to(dtype);
  }

  /**
   * Computes the mean and standard deviation of all elements (e.g. of a training set, to normalize
   * both sets with it).
   *
   * @param x the inputs
   * @return {@code {mean, std}} (population standard deviation)
   */
  public static double[] meanStd(Tensor x) {
    double[] v = x.toDoubleArray();
    double s = 0;
    for (double d : v) {
      s += d;
    }
    double mean = v.length == 0 ? 0 : s / v.length;
    double q = 0;
    for (double d : v) {
      q += (d - mean) * (d - mean);
    }
    return new double[] {mean, v.length == 0 ? 0 : Math.sqrt(q / v.length)};
  }
}
