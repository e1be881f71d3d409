package gradgraph.examples.figures;

import gradgraph.models.data.Dataset;
import gradgraph.models.metrics.ConfusionMatrix;
import gradgraph.models.plot.ConfusionMatrixChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Evaluates a classifier on a test set the way chapters 7 and 8 report it: the confusion matrix
 * with per-class precision, recall and F1 printed as text and drawn as a heat map.
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
   * @param png the heat map's file
   * @return the matrix
   * @throws IOException if the file cannot be written
   */
  public static ConfusionMatrix report(
      int[] predicted, Dataset test, String title, PrintWriter out, Path png) throws IOException {
    ConfusionMatrix m = new ConfusionMatrix(test.numClasses(), test.classNames());
    m.add(predicted, test.labels());
    out.println(m.toText());
    out.flush();
    ConfusionMatrixChart.writePng(m, title, png);
    return m;
  }
}
