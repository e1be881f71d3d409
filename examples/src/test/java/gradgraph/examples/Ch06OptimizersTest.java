package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch06.Optimizers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch06OptimizersTest {
  @Test
  void adamAndAdaGradEndBelowSgd(@TempDir Path dir) throws Exception {
    ExampleResult r = Run.quick(new Optimizers(), dir).result;
    assertTrue(r.get("loss Adam") < r.get("loss SGD"), r.values().toString());
    assertTrue(r.get("loss AdaGrad") < r.get("loss SGD"), r.values().toString());
    for (String o : new String[] {"SGD", "Momentum", "AdaGrad", "Adam"}) {
      // every optimizer gets close to the minimum of x^2/20 + y^2 (f = 24.5 at the start)
      assertTrue(r.get("f " + o) < 0.2, o + ": " + r.values());
    }
  }
}
