package gradgraph.models.data;

import gradgraph.core.device.CpuStorage;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;

/**
 * A labelled data set held in memory: inputs {@code x} of shape {@code [N, ...]} (images as FLOAT32
 * in {@code [0, 1]}, points as FLOAT32 or FLOAT64) and {@code N} integer labels in {@code [0,
 * numClasses)}.
 *
 * <p>Immutable: {@link #subset}, {@link #split} and {@link #map} return new data sets.
 */
public final class Dataset {
  private final String name;
  private final Tensor x;
  private final int[] labels;
  private final int numClasses;
  private final List<String> classNames;

  /**
   * Creates a data set whose classes are named {@code "0"}, {@code "1"}, ...
   *
   * @param name a name for messages and reports, e.g. {@code "fashion-mnist/train"}
   * @param x the inputs, {@code [N, ...]} (not copied: tensors are immutable)
   * @param labels {@code N} labels, each in {@code [0, numClasses)} (copied)
   * @param numClasses the number of classes, at least 1
   */
  public Dataset(String name, Tensor x, int[] labels, int numClasses) {
    this(name, x, labels, numClasses, defaultNames(numClasses));
  }

  /**
   * Creates a data set with class names.
   *
   * @param name a name for messages and reports
   * @param x the inputs, {@code [N, ...]}
   * @param labels {@code N} labels, each in {@code [0, numClasses)} (copied)
   * @param numClasses the number of classes, at least 1
   * @param classNames one name per class, e.g. {@code "T-shirt/top"}
   */
  public Dataset(String name, Tensor x, int[] labels, int numClasses, List<String> classNames) {
    String op = "Dataset " + name;
    Errors.check(numClasses >= 1, op, "numClasses", "must be >= 1, got " + numClasses);
    Errors.check(
        x.rank() >= 1 && x.dim(0) == labels.length,
        op,
        "labels",
        labels.length + " labels for inputs of shape " + Arrays.toString(x.shape()));
    Errors.check(
        classNames.size() == numClasses,
        op,
        "classNames",
        classNames.size() + " names for " + numClasses + " classes");
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw Errors.illegalArgument(
            op,
            "labels",
            "label " + labels[i] + " at index " + i + " is outside [0, " + numClasses + ")");
      }
    }
    this.name = name;
    this.x = x;
    this.labels = labels.clone();
    this.numClasses = numClasses;
    this.classNames = List.copyOf(classNames);
  }

  private static List<String> defaultNames(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  /**
   * Returns the name.
   *
   * @return the name, e.g. {@code "fashion-mnist/train"}
   */
  public String name() {
    return name;
  }

  /**
   * Returns all inputs.
   *
   * @return the tensor {@code [N, ...]}
   */
  public Tensor x() {
    return x;
  }

  /**
   * Returns a copy of the labels.
   *
   * @return {@code N} labels
   */
  public int[] labels() {
    return labels.clone();
  }

  /**
   * Returns one label.
   *
   * @param i the example's index
   * @return its class
   */
  public int label(int i) {
    return labels[i];
  }

  /**
   * Returns the number of classes.
   *
   * @return the class count
   */
  public int numClasses() {
    return numClasses;
  }

  /**
   * Returns the class names.
   *
   * @return one name per class
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * Returns the number of examples.
   *
   * @return {@code N}
   */
  public int size() {
    return labels.length;
  }

  /**
   * Returns the shape of one example.
   *
   * @return the shape of {@code x} without its first dimension
   */
  public int[] exampleShape() {
    int[] s = x.shape();
    return Arrays.copyOfRange(s, 1, s.length);
  }

  /**
   * Counts the examples of each class.
   *
   * @return {@code numClasses} counts
   */
  public int[] classCounts() {
    int[] c = new int[numClasses];
    for (int l : labels) {
      c[l]++;
    }
    return c;
  }

  /**
   * Gathers examples by index into a batch.
   *
   * @param index indices in {@code [0, N)}, repeats allowed
   * @return the batch, in the order of {@code index}
   */
  public Batch batch(int[] index) {
    int[] l = new int[index.length];
    for (int i = 0; i < index.length; i++) {
      int j = index[i];
      if (j < 0 || j >= labels.length) {
        throw Errors.illegalArgument(
            "Dataset " + name,
            "index",
            "index " + j + " at position " + i + " is outside [0, " + labels.length + ")");
      }
      l[i] = labels[j];
    }
    return new Batch(gatherRows(x, index), l);
  }

  /** Copies rows; a plain array copy for CPU tensors, the device's indexSelect otherwise. */
  static Tensor gatherRows(Tensor x, int[] index) {
    int[] shape = x.shape();
    shape[0] = index.length;
    int row = x.dim(0) == 0 ? 0 : x.size() / x.dim(0);
    if (x.storage() instanceof CpuStorage cpu) {
      if (x.dtype() == DType.FLOAT32) {
        float[] src = cpu.floats();
        float[] dst = new float[index.length * row];
        for (int i = 0; i < index.length; i++) {
          System.arraycopy(src, index[i] * row, dst, i * row, row);
        }
        return new Tensor(CpuStorage.of(dst), shape);
      }
      double[] src = cpu.doubles();
      double[] dst = new double[index.length * row];
      for (int i = 0; i < index.length; i++) {
        System.arraycopy(src, index[i] * row, dst, i * row, row);
      }
      return new Tensor(CpuStorage.of(dst), shape);
    }
    return x.device().kernels().indexSelect(x, 0, index);
  }

  /**
   * Returns the examples at some indices as a new data set.
   *
   * @param index indices in {@code [0, N)}
   * @return the subset, named after this one
   */
  public Dataset subset(int[] index) {
    Batch b = batch(index);
    return new Dataset(name, b.x(), b.labels(), numClasses, classNames);
  }

  /**
   * Returns the first {@code n} examples (all of them when {@code n >= N}).
   *
   * @param n how many
   * @return the subset
   */
  public Dataset take(int n) {
    Errors.check(n >= 0, "Dataset " + name, "n", "must be >= 0, got " + n);
    int m = Math.min(n, size());
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) {
      idx[i] = i;
    }
    return subset(idx);
  }

  /**
   * Splits off a validation set: the examples are shuffled with {@code seed}, the first {@code
   * round(N * validationFraction)} go to validation (named {@code <name>/validation}), the rest to
   * training ({@code <name>/fit}); each part keeps the original order of its examples.
   *
   * @param validationFraction in {@code [0, 1]}
   * @param seed the shuffle's seed
   * @return the two parts
   */
  public Split split(double validationFraction, long seed) {
    Errors.check(
        validationFraction >= 0 && validationFraction <= 1,
        "Dataset " + name,
        "validationFraction",
        "must be in [0, 1], got " + validationFraction);
    int n = size();
    int nv = (int) Math.round(n * validationFraction);
    int[] perm = DataLoader.permutation(n, new Well19937c(seed));
    int[] v = Arrays.copyOf(perm, nv);
    int[] t = Arrays.copyOfRange(perm, nv, n);
    Arrays.sort(v);
    Arrays.sort(t);
    Dataset train = subset(t);
    Dataset val = subset(v);
    return new Split(
        new Dataset(name + "/fit", train.x, train.labels, numClasses, classNames),
        new Dataset(name + "/validation", val.x, val.labels, numClasses, classNames));
  }

  /**
   * Applies a function to all inputs at once (e.g. {@link Transforms#flatten}).
   *
   * @param f maps {@code x} to new inputs with the same first dimension
   * @return the transformed data set
   */
  public Dataset map(java.util.function.UnaryOperator<Tensor> f) {
    return new Dataset(name, f.apply(x), labels, numClasses, classNames);
  }

  /**
   * Renames the data set.
   *
   * @param newName the name
   * @return a data set with the same content
   */
  public Dataset named(String newName) {
    return new Dataset(newName, x, labels, numClasses, classNames);
  }

  @Override
  public String toString() {
    return name
        + ": "
        + size()
        + " examples of shape "
        + Arrays.toString(exampleShape())
        + ", "
        + numClasses
        + " classes";
  }

  /**
   * A training part and a validation part.
   *
   * @param train the examples to train on
   * @param validation the held-out examples
   */
  public record Split(Dataset train, Dataset validation) {}
}
