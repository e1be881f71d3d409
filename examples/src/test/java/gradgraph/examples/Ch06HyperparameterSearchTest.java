package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch06.HyperparameterSearch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick run: 6 trials of 20 epochs (the full run: 100 of 50). */
class Ch06HyperparameterSearchTest {
  @Test
  void reportsTheBestTrialFromTheValidationSplit(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new HyperparameterSearch(), dir);
    ExampleResult r = run.result;
    String all = r.values().toString();
    assertTrue(r.get("best val acc") > r.get("worst val acc"), all);
    assertTrue(r.get("best val acc") > 0.2, all);
    assertTrue(r.get("best lr") >= 1e-6 && r.get("best lr") <= 1e-2, all);
    assertTrue(r.get("best weight decay") >= 1e-8 && r.get("best weight decay") <= 1e-4, all);
    assertTrue(run.output.contains("Best-1(val acc:"), run.output);
    assertTrue(!run.output.contains("test acc"), run.output);
  }
}
