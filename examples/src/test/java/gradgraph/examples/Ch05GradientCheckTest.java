package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch05.GradientCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch05GradientCheckTest {
  @Test
  void everyMeanDifferenceIsTiny(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new GradientCheck(), dir);
    for (String p : new String[] {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"}) {
      double d = run.result.get(p + " mean diff");
      assertTrue(d < 1e-7 && d >= 0, p + ": " + d);
    }
    assertEquals(1.0, run.result.get("GradCheck passed"));
  }
}
