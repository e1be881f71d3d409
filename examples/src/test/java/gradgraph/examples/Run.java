package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs an example in a test: quick or full, into a temporary directory, keeping its output. */
final class Run {
  final ExampleResult result;
  final String output;

  private Run(ExampleResult result, String output) {
    this.result = result;
    this.output = output;
  }

  static Run of(Example e, Path dir, boolean quick) throws IOException {
    StringWriter sw = new StringWriter();
    ExampleResult r = e.run(new ExampleContext(dir, quick, new PrintWriter(sw)));
    for (Path f : r.files()) {
      assertTrue(Files.size(f) > 0, "empty file " + f);
      if (f.toString().endsWith(".png")) {
        assertTrue(javax.imageio.ImageIO.read(f.toFile()) != null, "not an image: " + f);
      }
    }
    return new Run(r, sw.toString());
  }

  static Run quick(Example e, Path dir) throws IOException {
    return of(e, dir, true);
  }
}
