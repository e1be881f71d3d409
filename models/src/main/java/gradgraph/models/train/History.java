package gradgraph.models.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run measured: the loss of every iteration, and per epoch the mean training loss
 * and the accuracies. Epoch lists have one entry per completed epoch; a validation list stays empty
 * without a validation split.
 */
public final class History {
  private final List<Double> iterationLosses = new ArrayList<>();
  private final List<Double> epochLosses = new ArrayList<>();
  private final List<Double> trainAccuracy = new ArrayList<>();
  private final List<Double> validationAccuracy = new ArrayList<>();
  private final List<Double> testAccuracy = new ArrayList<>();
  private final List<Double> epochSeconds = new ArrayList<>();

  /** Creates an empty history. */
  public History() {}

  void addIteration(double loss) {
    iterationLosses.add(loss);
  }

  void addEpoch(double loss, double trainAcc, double valAcc, double testAcc, double seconds) {
    epochLosses.add(loss);
    trainAccuracy.add(trainAcc);
    if (!Double.isNaN(valAcc)) {
      validationAccuracy.add(valAcc);
    }
    if (!Double.isNaN(testAcc)) {
      testAccuracy.add(testAcc);
    }
    epochSeconds.add(seconds);
  }

  /**
   * Returns the loss of every iteration, in order.
   *
   * @return an unmodifiable list
   */
  public List<Double> iterationLosses() {
    return Collections.unmodifiableList(iterationLosses);
  }

  /**
   * Returns each epoch's mean training loss.
   *
   * @return an unmodifiable list
   */
  public List<Double> epochLosses() {
    return Collections.unmodifiableList(epochLosses);
  }

  /**
   * Returns each epoch's training accuracy (on a sample of the training set).
   *
   * @return an unmodifiable list
   */
  public List<Double> trainAccuracy() {
    return Collections.unmodifiableList(trainAccuracy);
  }

  /**
   * Returns each epoch's validation accuracy.
   *
   * @return an unmodifiable list, empty without a validation split
   */
  public List<Double> validationAccuracy() {
    return Collections.unmodifiableList(validationAccuracy);
  }

  /**
   * Returns each epoch's test accuracy.
   *
   * @return an unmodifiable list, empty without a test set
   */
  public List<Double> testAccuracy() {
    return Collections.unmodifiableList(testAccuracy);
  }

  /**
   * Returns each epoch's training time in seconds (evaluation excluded).
   *
   * @return an unmodifiable list
   */
  public List<Double> epochSeconds() {
    return Collections.unmodifiableList(epochSeconds);
  }

  /**
   * Returns the last test accuracy.
   *
   * @return the accuracy, or NaN without a test set
   */
  public double finalTestAccuracy() {
    return testAccuracy.isEmpty() ? Double.NaN : testAccuracy.get(testAccuracy.size() - 1);
  }

  /**
   * Returns how many epochs this history holds.
   *
   * @return the count of completed epochs
   */
  public int epochs() {
    return epochLosses.size();
  }

  /**
   * Returns a copy, to be continued by a resumed run.
   *
   * @return a new history with the same entries
   */
  public History copy() {
    History h = new History();
    h.iterationLosses.addAll(iterationLosses);
    h.epochLosses.addAll(epochLosses);
    h.trainAccuracy.addAll(trainAccuracy);
    h.validationAccuracy.addAll(validationAccuracy);
    h.testAccuracy.addAll(testAccuracy);
    h.epochSeconds.addAll(epochSeconds);
    return h;
  }

  /** The lists by their checkpoint names, in a fixed order (for {@link TrainingCheckpoint}). */
  Map<String, List<Double>> columns() {
    Map<String, List<Double>> m = new LinkedHashMap<>();
    m.put("iteration_loss", iterationLosses);
    m.put("epoch_loss", epochLosses);
    m.put("train_acc", trainAccuracy);
    m.put("val_acc", validationAccuracy);
    m.put("test_acc", testAccuracy);
    m.put("epoch_seconds", epochSeconds);
    return m;
  }
}
