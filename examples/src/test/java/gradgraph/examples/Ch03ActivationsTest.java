package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch03.Activations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch03ActivationsTest {
  @Test
  void softmaxSumsToOneAndIsStable(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new Activations(), dir);
    assertEquals(1.0, run.result.get("softmax sum"), 1e-12);
    assertEquals(0.7365969, run.result.get("softmax max"), 1e-6); // the book's 0.73659691
    assertEquals(1.0, run.result.get("large softmax sum"), 1e-12);
    assertEquals(
        1 / (1 + Math.exp(-10) + Math.exp(-20)), run.result.get("large softmax max"), 1e-12);
    assertTrue(Files.size(dir.resolve("activations.png")) > 1000);
  }
}
