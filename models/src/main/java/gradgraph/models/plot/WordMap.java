package gradgraph.models.plot;

import gradgraph.core.io.AtomicFiles;
import gradgraph.core.tensor.Errors;
import gradgraph.models.data.text.Corpus;
import gradgraph.models.data.text.WordVectors;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A map of word vectors: words drawn at their vectors' first two principal components (the unit
 * vectors, centred, projected on the top two right singular vectors), each point labelled, as the
 * sequel draws its count-based vectors in chapter 2.
 *
 * <pre>{@code
 * WordMap.write(vectors, WordMap.frequentWords(corpus, 60), Path.of("words-pca.png"));
 * }</pre>
 */
public final class WordMap {
  private WordMap() {}

  /**
   * Picks the {@code n} most frequent words made of letters.
   *
   * @param corpus the corpus the vectors were trained on
   * @param n how many
   * @return the words, most frequent first
   */
  public static List<String> frequentWords(Corpus corpus, int n) {
    int[] counts = corpus.counts();
    return IntStream.range(0, counts.length)
        .boxed()
        .sorted(Comparator.comparingInt((Integer i) -> -counts[i]).thenComparing(i -> i))
        .map(corpus::word)
        .filter(w -> w.chars().allMatch(Character::isLetter))
        .limit(n)
        .toList();
  }

  /**
   * Projects words on the first two principal components.
   *
   * @param vectors the vectors
   * @param words the words, at least 2, each in the vocabulary
   * @return {@code [words.size()][2]}: each word's coordinates on the first two components
   */
  public static double[][] project(WordVectors vectors, List<String> words) {
    double[][] x = new double[words.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = vectors.unitVector(words.get(i));
    }
    int d = vectors.dim();
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (double[] r : x) {
        mean += r[j] / x.length;
      }
      for (double[] r : x) {
        r[j] -= mean;
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(x, false);
    RealMatrix v = new SingularValueDecomposition(m).getV();
    return m.multiply(v.getSubMatrix(0, d - 1, 0, 1)).getData();
  }

  /**
   * Writes the labelled scatter plot.
   *
   * @param vectors the trained vectors
   * @param words the words to draw, at least 2, each in the vocabulary
   * @param file the PNG, created or replaced
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  public static Path write(WordVectors vectors, List<String> words, Path file) throws IOException {
    Errors.check(words.size() >= 2, "WordMap", "words", "needs at least 2, got " + words.size());
    double[][] xy = project(vectors, words);
    Headless.ensure();
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(700)
            .title("The " + words.size() + " most frequent words, first two principal components")
            .xAxisTitle("PC 1")
            .yAxisTitle("PC 2")
            .build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (double[] p : xy) {
      xs.add(p[0]);
      ys.add(p[1]);
    }
    c.addSeries("words", xs, ys).setMarker(SeriesMarkers.CIRCLE);
    double yMin = ys.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double yMax = ys.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double lift = 0.025 * (yMax - yMin); // the label just above its point, not on it
    for (int i = 0; i < words.size(); i++) {
      c.addAnnotation(new AnnotationText(words.get(i), xy[i][0], xy[i][1] + lift, false));
    }
    byte[] png = BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(file, out -> out.write(png));
    return file;
  }
}
