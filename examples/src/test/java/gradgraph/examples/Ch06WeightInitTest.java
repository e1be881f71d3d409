package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch06.WeightInit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch06WeightInitTest {
  @Test
  void heAndXavierLearnStdPointZeroOneDoesNot(@TempDir Path dir) throws Exception {
    ExampleResult r = Run.quick(new WeightInit(), dir).result;
    String all = r.values().toString();
    assertTrue(r.get("last loss He") < 0.7 * r.get("first loss He"), all);
    assertTrue(r.get("last loss Xavier") < r.get("first loss Xavier") - 0.1, all);
    assertTrue(r.get("last loss std 0.01") > 2.2, all);
    // std 0.01 squeezes sigmoid's activations together; He keeps ReLU's spread layer after layer
    assertTrue(r.get("activation std, layer 5, std-0.01") < 0.05, all);
    assertTrue(r.get("activation std, layer 5, he-relu") > 0.5, all);
  }
}
