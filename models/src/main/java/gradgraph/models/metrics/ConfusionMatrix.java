package gradgraph.models.metrics;

import gradgraph.core.tensor.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, accumulated batch by batch, with per-class
 * precision, recall and F1.
 *
 * <p>Row {@code i}, column {@code j} counts the examples of class {@code i} predicted as {@code j}
 * (scikit-learn's convention). Precision of class {@code k} is {@code TP / (TP + FP)}, recall
 * {@code TP / (TP + FN)}, F1 their harmonic mean.
 *
 * <p>Undefined ratios are 0, never NaN (as scikit-learn's {@code zero_division=0}): precision of a
 * class that was never predicted, recall of a class with no examples, F1 when precision and recall
 * are both 0. The macro averages are taken over the classes that occur — in the labels or in the
 * predictions — so a class absent from a small test set does not drag them down.
 */
public final class ConfusionMatrix {
  private final int numClasses;
  private final List<String> classNames;
  private final long[][] counts;

  /**
   * Creates an empty matrix with classes named {@code 0, 1, ...}.
   *
   * @param numClasses the number of classes, at least 1
   */
  public ConfusionMatrix(int numClasses) {
    this(numClasses, null);
  }

  /**
   * Creates an empty matrix.
   *
   * @param numClasses the number of classes, at least 1
   * @param classNames one name per class, or null for {@code 0, 1, ...}
   */
  public ConfusionMatrix(int numClasses, List<String> classNames) {
    Errors.check(
        numClasses >= 1, "ConfusionMatrix", "numClasses", "must be >= 1, got " + numClasses);
    if (classNames == null) {
      List<String> n = new ArrayList<>();
      for (int i = 0; i < numClasses; i++) {
        n.add(Integer.toString(i));
      }
      classNames = n;
    }
    Errors.check(
        classNames.size() == numClasses,
        "ConfusionMatrix",
        "classNames",
        classNames.size() + " names for " + numClasses + " classes");
    this.numClasses = numClasses;
    this.classNames = List.copyOf(classNames);
    this.counts = new long[numClasses][numClasses];
  }

  /**
   * Builds a matrix from predictions and labels.
   *
   * @param predicted predicted classes
   * @param labels true classes
   * @param numClasses the number of classes
   * @return the matrix
   */
  public static ConfusionMatrix of(int[] predicted, int[] labels, int numClasses) {
    ConfusionMatrix m = new ConfusionMatrix(numClasses);
    m.add(predicted, labels);
    return m;
  }

  /**
   * Adds a batch of predictions.
   *
   * @param predicted predicted classes, each in {@code [0, numClasses)}
   * @param labels true classes, each in {@code [0, numClasses)}
   * @return this matrix
   */
  public ConfusionMatrix add(int[] predicted, int[] labels) {
    Metrics.checkLengths("ConfusionMatrix.add", predicted, labels);
    for (int i = 0; i < labels.length; i++) {
      check(labels[i], "labels", i);
      check(predicted[i], "predicted", i);
    }
    for (int i = 0; i < labels.length; i++) {
      counts[labels[i]][predicted[i]]++;
    }
    return this;
  }

  private void check(int c, String what, int i) {
    if (c < 0 || c >= numClasses) {
      throw Errors.illegalArgument(
          "ConfusionMatrix.add",
          what,
          "class " + c + " at index " + i + " is outside [0, " + numClasses + ")");
    }
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
   * Returns one count.
   *
   * @param actual the true class
   * @param predicted the predicted class
   * @return how many examples of {@code actual} were predicted as {@code predicted}
   */
  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /**
   * Returns a copy of all counts.
   *
   * @return {@code [actual][predicted]}
   */
  public long[][] counts() {
    long[][] c = new long[numClasses][];
    for (int i = 0; i < numClasses; i++) {
      c[i] = counts[i].clone();
    }
    return c;
  }

  /**
   * Returns the number of examples counted.
   *
   * @return the total
   */
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  /**
   * Returns the number of examples of a class.
   *
   * @param k the class
   * @return the row sum
   */
  public long support(int k) {
    long s = 0;
    for (long c : counts[k]) {
      s += c;
    }
    return s;
  }

  /**
   * Returns how often a class was predicted.
   *
   * @param k the class
   * @return the column sum
   */
  public long predictedCount(int k) {
    long s = 0;
    for (long[] row : counts) {
      s += row[k];
    }
    return s;
  }

  /**
   * Returns the fraction of correct predictions.
   *
   * @return the diagonal over the total; 0 when empty
   */
  public double accuracy() {
    long t = total();
    long d = 0;
    for (int i = 0; i < numClasses; i++) {
      d += counts[i][i];
    }
    return t == 0 ? 0 : (double) d / t;
  }

  /**
   * Returns the precision of a class.
   *
   * @param k the class
   * @return {@code TP / (TP + FP)}; 0 when the class was never predicted
   */
  public double precision(int k) {
    long p = predictedCount(k);
    return p == 0 ? 0 : (double) counts[k][k] / p;
  }

  /**
   * Returns the recall of a class.
   *
   * @param k the class
   * @return {@code TP / (TP + FN)}; 0 when the class has no examples
   */
  public double recall(int k) {
    long s = support(k);
    return s == 0 ? 0 : (double) counts[k][k] / s;
  }

  /**
   * Returns the F1 score of a class.
   *
   * @param k the class
   * @return the harmonic mean of precision and recall; 0 when both are 0
   */
  public double f1(int k) {
    double p = precision(k);
    double r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  private boolean occurs(int k) {
    return support(k) > 0 || predictedCount(k) > 0;
  }

  private double macro(java.util.function.IntToDoubleFunction f) {
    double s = 0;
    int n = 0;
    for (int k = 0; k < numClasses; k++) {
      if (occurs(k)) {
        s += f.applyAsDouble(k);
        n++;
      }
    }
    return n == 0 ? 0 : s / n;
  }

  /**
   * Returns the unweighted mean precision over the classes that occur.
   *
   * @return the macro precision
   */
  public double macroPrecision() {
    return macro(this::precision);
  }

  /**
   * Returns the unweighted mean recall over the classes that occur.
   *
   * @return the macro recall
   */
  public double macroRecall() {
    return macro(this::recall);
  }

  /**
   * Returns the unweighted mean F1 over the classes that occur.
   *
   * @return the macro F1
   */
  public double macroF1() {
    return macro(this::f1);
  }

  /**
   * Formats the matrix and a per-class report (precision, recall, F1, support), like scikit-learn's
   * {@code classification_report}.
   *
   * @return a text table
   */
  public String toText() {
    int w = 6;
    for (String n : classNames) {
      w = Math.max(w, n.length());
    }
    int cw = 5;
    for (long[] row : counts) {
      for (long c : row) {
        cw = Math.max(cw, Long.toString(c).length() + 1);
      }
    }
    StringBuilder s = new StringBuilder();
    s.append("confusion matrix (rows: true class, columns: predicted)\n");
    s.append(pad("", w));
    for (int j = 0; j < numClasses; j++) {
      s.append(' ').append(padLeft(Integer.toString(j), cw));
    }
    s.append('\n');
    for (int i = 0; i < numClasses; i++) {
      s.append(pad(classNames.get(i), w));
      for (int j = 0; j < numClasses; j++) {
        s.append(' ').append(padLeft(Long.toString(counts[i][j]), cw));
      }
      s.append('\n');
    }
    s.append('\n');
    s.append(pad("class", w)).append("  precision  recall      f1  support\n");
    for (int k = 0; k < numClasses; k++) {
      s.append(pad(classNames.get(k), w))
          .append(
              String.format(
                  Locale.ROOT,
                  "  %9.4f  %6.4f  %6.4f  %7d%n",
                  precision(k),
                  recall(k),
                  f1(k),
                  support(k)));
    }
    s.append(pad("macro", w))
        .append(
            String.format(
                Locale.ROOT,
                "  %9.4f  %6.4f  %6.4f  %7d%n",
                macroPrecision(),
                macroRecall(),
                macroF1(),
                total()));
    s.append(
        String.format(
            Locale.ROOT,
            "accuracy %.4f (%d of %d)%n",
            accuracy(),
            Math.round(accuracy() * total()),
            total()));
    return s.toString();
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
  }

  @Override
  public String toString() {
    return toText();
  }
}
