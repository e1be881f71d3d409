package gradgraph.cuda.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.device.Device;
import gradgraph.core.device.Kernels;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.cuda.CudaBackend;
import gradgraph.cuda.CudaKernels;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fused kernels outside graph-core's interface against their composite twins built from CPU
 * kernels. Needs a CUDA device (or the emulator run); skipped with the reason otherwise.
 */
class FusedKernelsParityTest {
  private CudaKernels gpu;

  @BeforeEach
  void setUp() {
    CudaBackend b = (CudaBackend) Device.backend("cuda");
    String why = b.unavailableReason();
    assumeTrue(why == null, "no usable CUDA device: " + why);
    gpu = b.cudaKernels(0);
  }

  @Test
  void softmaxCrossEntropyMatchesLogSoftmaxAndPick() {
    for (DType dt : DType.values()) {
      Tensor logits = Tensor.rand(new Well19937c(1), dt, -20, 20, 7, 5);
      int[] labels = {0, 4, 2, 2, 1, 3, 0};
      Kernels cpu = Device.CPU.kernels();
      Tensor logp = cpu.softmax(logits, 1, true);
      Tensor p = cpu.softmax(logits, 1, false);
      double[] lp = logp.toDoubleArray();
      double[] want = new double[7];
      double[] grad = p.toDoubleArray();
      for (int r = 0; r < 7; r++) {
        want[r] = -lp[r * 5 + labels[r]];
        grad[r * 5 + labels[r]] -= 1;
      }
      Tensor[] got = gpu.softmaxCrossEntropy(logits.to(gpu.device()), labels);
      double tol = dt == DType.FLOAT32 ? 1e-4 : 1e-10;
      assertArrayEquals(want, got[0].toDoubleArray(), tol, dt.toString());
      assertArrayEquals(grad, got[1].toDoubleArray(), tol, dt.toString());
    }
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                gpu.softmaxCrossEntropy(
                    Tensor.zeros(DType.FLOAT32, 2, 3).to(gpu.device()), new int[] {0, 3}));
    assertEquals("softmaxCrossEntropy: labels: labels[1] = 3 is outside [0, 3)", e.getMessage());
  }

  @Test
  void batchNormStatsMatchMeanAndBiasedVariance() {
    for (DType dt : DType.values()) {
      for (int[] shape : new int[][] {{6, 4}, {3, 2, 5, 7}, {300, 3}}) {
        Tensor x = Tensor.rand(new Well19937c(2), dt, -3, 5, shape);
        int[] axes = shape.length == 2 ? new int[] {0} : new int[] {0, 2, 3};
        double count = x.size() / (double) shape[1];
        Tensor mean = x.sum(true, axes).mul(1 / count);
        Tensor var =
            x.sub(mean).map(gradgraph.core.device.UnaryOp.SQUARE).sum(false, axes).mul(1 / count);
        Tensor[] got = gpu.batchNormStats(x.to(gpu.device()));
        double tol = dt == DType.FLOAT32 ? 1e-4 : 1e-10;
        assertArrayEquals(mean.reshape(shape[1]).toDoubleArray(), got[0].toDoubleArray(), tol);
        assertArrayEquals(var.toDoubleArray(), got[1].toDoubleArray(), tol);
      }
    }
  }
}
