package gradgraph.core.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The memory and ordering defaults of {@link Kernels} on the CPU: both are no-ops. */
class KernelsDefaultsTest {
  @Test
  void releaseOnTheCpuLeavesTheTensorUsable() {
    Tensor t = Tensor.of(new double[] {1, -2, 3}, 3);
    Kernels k = Device.CPU.kernels();
    k.release(t);
    k.release(t); // twice is fine: the garbage collector owns CPU memory
    assertArrayEquals(new double[] {2, -4, 6}, t.mul(2).toDoubleArray());
  }

  @Test
  void synchronizeOnTheCpuReturnsWithResultsAlreadyThere() {
    Tensor t = Tensor.of(new double[] {0.5}, 1).map(UnaryOp.EXP, 0);
    Device.CPU.kernels().synchronize();
    assertArrayEquals(new double[] {Math.exp(0.5)}, t.toDoubleArray());
  }
}
