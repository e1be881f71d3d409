package gradgraph.core.device;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Run by {@link GemmTest} in a JVM without the Vector API module: prints the kernel and a product.
 */
final class GemmFallbackMain {
  private GemmFallbackMain() {}

  public static void main(String[] args) {
    // large enough for the packed kernel: [64, 64] · [64, 64] of ones
    Tensor ones = Tensor.ones(DType.FLOAT32, 64, 64);
    float[] big = ones.matmul(ones).toFloatArray();
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 6);
    Tensor b = Tensor.of(new float[] {1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7}, 6, 2);
    float[] c = a.matmul(b).toFloatArray();
    System.out.println(
        "kernel="
            + CpuGemm.kernel().name()
            + " module="
            + CpuGemm.vectorModulePresent()
            + " c="
            + Arrays.toString(new float[] {c[0], c[1], big[0], big[4095]}));
  }
}
