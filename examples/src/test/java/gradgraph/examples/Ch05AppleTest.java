package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch05.Apple;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch05AppleTest {
  @Test
  void theBooksNumbers(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new Apple(), dir);
    ExampleResult r = run.result;
    assertEquals(220, r.get("apple price"), 1e-9);
    assertEquals(2.2, r.get("dApple"), 1e-9);
    assertEquals(110, r.get("dApple_num"), 1e-9);
    assertEquals(200, r.get("dTax"), 1e-9);
    assertEquals(715, r.get("apple-orange price"), 1e-9);
    assertEquals(3.3, r.get("dOrange"), 1e-9);
    assertEquals(165, r.get("dOrange_num"), 1e-9);
    assertEquals(650, r.get("dTax (apple-orange)"), 1e-9);
    assertTrue(
        run.output.contains("price: 220\ndApple: 2.2\ndApple_num: 110\ndTax: 200"), run.output);
    assertTrue(Files.readString(dir.resolve("apple.dot")).contains("apple count"));
  }
}
