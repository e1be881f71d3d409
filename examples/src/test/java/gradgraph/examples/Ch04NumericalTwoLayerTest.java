package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch04.NumericalTwoLayer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch04NumericalTwoLayerTest {
  @Test
  void lossDecreasesAndTheStepMatchesBackprop(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new NumericalTwoLayer(), dir);
    assertTrue(
        run.result.get("last loss") < run.result.get("first loss") - 1e-3,
        run.result.values().toString());
    assertTrue(run.result.get("max |numerical - backprop|") < 1e-7, run.result.values().toString());
  }
}
