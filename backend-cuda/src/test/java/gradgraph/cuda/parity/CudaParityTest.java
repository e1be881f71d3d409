package gradgraph.cuda.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.device.Backend;
import gradgraph.core.device.Device;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * CPU-vs-CUDA parity of every case on the class path ({@link ParityRunner#allCases()}): runs only
 * where a CUDA device works, and is skipped with the probe's reason elsewhere. The table itself is
 * exercised everywhere by {@link #tableRunsOnTheCpuAgainstItself}, which catches broken cases (it
 * cannot catch a wrong kernel: both sides are the CPU).
 */
class CudaParityTest {
  @TestFactory
  Stream<DynamicTest> cudaMatchesCpu() {
    Backend b = Device.backend("cuda");
    String why = b == null ? "backend-cuda not on the class path" : b.unavailableReason();
    if (why != null) {
      // One visible skipped test carrying the reason (an aborted factory is not reported).
      return Stream.of(
          DynamicTest.dynamicTest(
              "parity suite (needs a CUDA device)",
              () -> assumeTrue(false, "no usable CUDA device, parity suite skipped: " + why)));
    }
    Device gpu = Device.cuda(0);
    // gradgraph.parity.only (a regular expression found in the case name) narrows the suite, e.g.
    // to the cases that multiply matrices when the PTX GEMM stands in for cuBLAS
    String only = System.getProperty("gradgraph.parity.only");
    java.util.regex.Pattern keep =
        only == null || only.isBlank() ? null : java.util.regex.Pattern.compile(only);
    List<ParityCase> cases =
        ParityRunner.allCases().stream()
            .filter(c -> keep == null || keep.matcher(c.name()).find())
            .toList();
    assertTrue(!cases.isEmpty(), "no parity case matches gradgraph.parity.only=" + only);
    return cases.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.name(),
                    () -> {
                      List<String> problems = ParityRunner.run(c, Device.CPU, gpu);
                      assertEquals(List.of(), problems, c.name());
                    }));
  }

  @Test
  void tableRunsOnTheCpuAgainstItself() {
    List<ParityCase> cases = ParityRunner.allCases();
    assertTrue(cases.size() > 400, "cases: " + cases.size());
    for (ParityCase c : cases) {
      assertEquals(List.of(), ParityRunner.run(c, Device.CPU, Device.CPU), c.name());
    }
  }
}
