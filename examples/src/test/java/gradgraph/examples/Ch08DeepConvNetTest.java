package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch08.DeepConvNetExample;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full training (an epoch of 60 000 augmented images) takes far too long for a test; the quick run
 * trains two iterations and checks the whole pipeline, above all that float16 inference agrees with
 * float32.
 */
class Ch08DeepConvNetTest {
  @Test
  void float16InferenceAgreesWithFloat32(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new DeepConvNetExample(), dir);
    ExampleResult r = run.result;
    double acc = r.get("test acc");
    assertTrue(acc > 0 && acc <= 1, r.values().toString());
    assertTrue(Math.abs(r.get("test acc float16") - acc) <= 0.005, r.values().toString());
    assertTrue(r.get("float16 agreement") >= 0.99, r.values().toString());
    assertTrue(run.output.contains("precision  recall      f1  support"), run.output);
    assertTrue(Files.exists(dir.resolve("misclassified.png")));
  }
}
