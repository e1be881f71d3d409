package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch06.Overfitting;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch06OverfittingTest {
  @Test
  void eachRegularizerShrinksTheGap(@TempDir Path dir) throws Exception {
    ExampleResult r = Run.quick(new Overfitting(), dir).result;
    String all = r.values().toString();
    assertTrue(r.get("gap plain") > 0.1, all);
    assertTrue(r.get("gap weight decay 0.1") < r.get("gap plain"), all);
    assertTrue(r.get("gap dropout 0.2") < r.get("gap plain"), all);
  }
}
