package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch06.BatchNormCompare;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick run: 4 scales from 1 to 1e-4 (the full run: 16), 6 epochs (full: 20). */
class Ch06BatchNormTest {
  @Test
  void batchNormIsBetterAtMostScales(@TempDir Path dir) throws Exception {
    ExampleResult r = Run.quick(new BatchNormCompare(), dir).result;
    assertEquals(4, r.get("scales"));
    assertTrue(r.get("scales where BN is better") >= 3, r.values().toString());
    // without BN, the smallest scale does not learn at all (chance is 0.1)
    assertTrue(r.get("plain acc std 1.0E-4") < 0.2, r.values().toString());
    assertTrue(r.get("bn acc std 1.0E-4") > 0.2, r.values().toString());
  }
}
