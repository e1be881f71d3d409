package gradgraph.models.metrics;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/** Accuracy and the predicted classes of a batch of scores. */
public final class Metrics {
  private Metrics() {}

  /**
   * Returns the fraction of predictions equal to their labels.
   *
   * @param predicted predicted classes
   * @param labels true classes, as many as {@code predicted}
   * @return accuracy in {@code [0, 1]}; 0 for no examples
   */
  public static double accuracy(int[] predicted, int[] labels) {
    checkLengths("accuracy", predicted, labels);
    if (labels.length == 0) {
      return 0;
    }
    return (double) correct(predicted, labels) / labels.length;
  }

  /**
   * Returns the accuracy of scores (logits or probabilities) against labels.
   *
   * @param scores {@code [N, C]}
   * @param labels {@code N} true classes
   * @return accuracy in {@code [0, 1]}
   */
  public static double accuracy(Tensor scores, int[] labels) {
    return accuracy(predict(scores), labels);
  }

  /**
   * Counts the predictions equal to their labels.
   *
   * @param predicted predicted classes
   * @param labels true classes
   * @return the number of matches
   */
  public static int correct(int[] predicted, int[] labels) {
    checkLengths("correct", predicted, labels);
    int c = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        c++;
      }
    }
    return c;
  }

  /**
   * Returns the class with the highest score in each row (the first on ties).
   *
   * @param scores {@code [N, C]}
   * @return {@code N} classes
   */
  public static int[] predict(Tensor scores) {
    Errors.check(
        scores.rank() == 2,
        "predict",
        "scores",
        "must be [N, C], got shape " + Arrays.toString(scores.shape()));
    return scores.argMax(1);
  }

  static void checkLengths(String op, int[] predicted, int[] labels) {
    if (predicted.length != labels.length) {
      throw Errors.illegalArgument(
          op, "predicted", predicted.length + " predictions for " + labels.length + " labels");
    }
  }
}
