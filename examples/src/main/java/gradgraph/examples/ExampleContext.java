package gradgraph.examples;

import gradgraph.models.data.DataNotFoundException;
import gradgraph.models.data.DataOptions;
import gradgraph.models.data.FashionMnist;
import gradgraph.models.data.IdxDatasets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where an example prints and writes, and how big a run it makes. In the {@code quick} variant
 * (tests, first tries) examples train on the bundled 2 000/500 Fashion-MNIST sample and run fewer
 * epochs; otherwise they use the full data set when it can be found.
 *
 * @param dir the example's output directory, created on first write
 * @param quick whether to run the small variant
 * @param out where the book-style lines go
 */
public record ExampleContext(Path dir, boolean quick, PrintWriter out) {

  /**
   * Returns a file in the output directory, creating the directory.
   *
   * @param name the file name, e.g. {@code path.png}
   * @return the path
   * @throws IOException if the directory cannot be created
   */
  public Path file(String name) throws IOException {
    Files.createDirectories(dir);
    return dir.resolve(name);
  }

  /**
   * Prints one formatted line (Locale.ROOT, so decimals use a dot) and flushes.
   *
   * @param format a {@link String#format} pattern
   * @param args its arguments
   */
  public void println(String format, Object... args) {
    out.println(String.format(Locale.ROOT, format, args));
    out.flush();
  }

  /**
   * Returns Fashion-MNIST: the bundled sample when {@code quick}, otherwise the full set (found or
   * downloaded as {@link FashionMnist#load(DataOptions)} does), or the sample with a notice when
   * the full set cannot be had.
   *
   * @return training and test sets, images {@code [N, 1, 28, 28]}
   * @throws IOException if the full files exist but cannot be read
   */
  public IdxDatasets.TrainTest fashionMnist() throws IOException {
    if (quick) {
      return FashionMnist.sample();
    }
    try {
      return FashionMnist.load(DataOptions.defaults());
    } catch (DataNotFoundException e) {
      println("Fashion-MNIST not found (%s); using the bundled 2000/500 sample", e.getMessage());
      return FashionMnist.sample();
    }
  }
}
