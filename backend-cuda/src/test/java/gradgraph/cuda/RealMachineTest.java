package gradgraph.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.device.Backend;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The real JCuda probe on the machine running the tests. Where there is no GPU (CI, the machines
 * this was written on) it checks the message users see; where there is one it is skipped and the
 * parity suite runs instead.
 */
class RealMachineTest {
  @Test
  void serviceLoaderFindsTheBackend() {
    Backend b = Device.backend("cuda");
    assertInstanceOf(CudaBackend.class, b);
  }

  @Test
  void withoutGpuTheMessageSaysWhyAndHowToUseTheCpu() {
    Backend b = Device.backend("cuda");
    String why = b.unavailableReason();
    assumeTrue(why != null, "a CUDA device is present: see CudaParityTest");
    assertTrue(
        why.startsWith("no NVIDIA driver")
            || why.startsWith("no CUDA device")
            || why.startsWith("cuBLAS is missing")
            || why.startsWith("JCuda's native library"),
        why);
    assertTrue(why.endsWith("--device cpu on the command line."), why);
    assertEquals(0, b.deviceCount());
    var e = assertThrows(IllegalStateException.class, () -> Device.cuda(0).kernels());
    assertEquals("device cuda:0 cannot be used: " + why, e.getMessage());
    var e2 =
        assertThrows(IllegalStateException.class, () -> Tensor.vector(1, 2, 3).to(Device.cuda(0)));
    assertTrue(e2.getMessage().contains(why));
    // Asking again gives the same cached answer and the CPU keeps working.
    assertEquals(why, b.unavailableReason());
    assertEquals(6.0, Tensor.vector(1, 2, 3).sum().item());
  }
}
