package gradgraph.models.plot;

import gradgraph.core.tensor.Errors;
import gradgraph.models.data.Dataset;
import gradgraph.models.metrics.ConfusionMatrix;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Evaluates a classifier on a test set the way chapters 7 and 8 report it: the confusion matrix
 * with per-class precision, recall and F1 printed as text and drawn as a heat map.
 *
 * <pre>{@code
 * int[] predicted = Trainer.predict(net, test, 100, Device.CPU);
 * ConfusionMatrix m = Evaluation.report(predicted, test, "test set", out, Path.of("cm.png"));
 * }</pre>
 */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Prints the confusion matrix of a model's predictions with per-class precision/recall/F1 and
   * writes its heat map.
   *
   * @param predicted the predicted class of every test example, e.g. from {@link
   *     gradgraph.models.train.Trainer#predict}
   * @param test the test set
   * @param title the heat map's title
   * @param out where the text goes
   * @param png the heat map's file, created or replaced atomically
   * @return the matrix
   * @throws IOException if the file cannot be written
   * @throws IllegalArgumentException if the test set is empty or {@code predicted} does not have
   *     one class per example
   */
  public static ConfusionMatrix report(
      int[] predicted, Dataset test, String title, PrintWriter out, Path png) throws IOException {
    Errors.check(
        test.size() > 0, "Evaluation.report", "test", "the data set is empty (0 examples)");
    Errors.check(
        predicted.length == test.size(),
        "Evaluation.report",
        "predicted",
        "expected one class per test example ("
            + test.size()
            + ", inputs "
            + Errors.shape(test.x().shape())
            + "), got "
            + predicted.length);
    ConfusionMatrix m = new ConfusionMatrix(test.numClasses(), test.classNames());
    m.add(predicted, test.labels());
    out.println(m.toText());
    out.flush();
    ConfusionMatrixChart.writePng(m, title, png);
    return m;
  }
}
