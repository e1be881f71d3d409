package gradgraph.cuda.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.device.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Without a GPU the benchmark says why and times nothing. Where a CUDA device works (or the
 * emulator plays one) its workloads run once at small sizes, to show they run; their times are not
 * looked at.
 */
class CudaBenchmarkTest {
  @Test
  void smallWorkloadsRunOnTheCudaDevice() {
    String why = Device.backend("cuda").unavailableReason();
    assumeTrue(why == null, "no usable CUDA device: " + why);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int rc =
        CudaBenchmark.run(
            new String[] {"1", "--small"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, text);
    assertTrue(text.startsWith("device: cuda:0: "), text);
    for (String w : new String[] {"gemm 16x16x16 FLOAT32", "gemm 5x78x10 FLOAT64", "mlp", "conv"}) {
      assertTrue(text.contains(w), w + " missing:\n" + text);
    }
  }

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
