package gradgraph.cuda.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.device.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Without a GPU the benchmark says why and times nothing; with one it is run by hand, not here. */
class CudaBenchmarkTest {
  @Test
  void withoutGpuItExplainsAndStops() {
    String why = Device.backend("cuda").unavailableReason();
    assumeTrue(why != null, "a GPU is present: run the benchmark by hand");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc = CudaBenchmark.run(new String[0], new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertEquals(1, rc);
    assertEquals(
        "cuda benchmark: no usable GPU: " + why + System.lineSeparator(),
        buf.toString(StandardCharsets.UTF_8));
    assertTrue(why.contains("--device cpu"));
  }
}
