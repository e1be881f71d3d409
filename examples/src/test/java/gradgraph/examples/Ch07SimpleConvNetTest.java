package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch07.SimpleConvNetExample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full run (2 epochs on 60 000 images) takes several minutes here, so the test trains 3 epochs
 * on the bundled 2 000/500 sample, where it reaches about 0.68; see docs/examples.md for the full
 * figure.
 */
class Ch07SimpleConvNetTest {
  @Test
  void learnsOnTheSampleAndReportsPerClassScores(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new SimpleConvNetExample(), dir);
    assertTrue(run.result.get("test acc") >= 0.60, run.result.values().toString());
    assertTrue(run.result.get("macro F1") > 0.5, run.result.values().toString());
    assertTrue(run.output.contains("precision  recall      f1  support"), run.output);
    assertTrue(run.output.contains("=== epoch:3, train acc:"), run.output);
    assertTrue(Files.exists(dir.resolve("filters-after.png")));
    assertTrue(Files.exists(dir.resolve("confusion.png")));
    assertEquals(4, run.result.files().size());
  }
}
