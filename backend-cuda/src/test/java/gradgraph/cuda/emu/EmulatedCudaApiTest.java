package gradgraph.cuda.emu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import gradgraph.cuda.driver.KernelArgs;
import org.junit.jupiter.api.Test;

/**
 * The emulator is as strict as a real driver about kernel arguments: each must have the kind of its
 * parameter (an int where a long long is declared would be read as garbage on a GPU) and a launch
 * must pass exactly the kernel's parameters; cuBLAS's argument checks apply to its GEMM.
 */
class EmulatedCudaApiTest {
  private static boolean gpp() {
    try {
      return new ProcessBuilder("g++", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void launchesWithArgumentsOfTheWrongKindOrCountFail() {
    assumeTrue(gpp(), "g++ is needed to build the emulator");
    EmulatedCudaApi api = new EmulatedCudaApi();
    CudaApi.Ptr p = api.memAlloc(16);
    CudaApi.Function fill = api.function(api.loadModule("elementwise", ".version 7.8"), "fill_f32");
    api.launch(fill, 1, 4, 0, null, new KernelArgs().ptr(p).i64(4).f64(1.5));
    float[] out = new float[4];
    api.copyDtoH(out, p, 4, null);
    assertArrayEquals(new float[] {1.5f, 1.5f, 1.5f, 1.5f}, out);

    var kind =
        assertThrows(
            CudaCallException.class,
            () -> api.launch(fill, 1, 4, 0, null, new KernelArgs().ptr(p).i32(4).f64(1.5)));
    assertTrue(
        kind.getMessage().contains("argument 1 passed as 'i', the kernel parameter is 'l'"),
        kind.getMessage());
    var count =
        assertThrows(
            CudaCallException.class,
            () -> api.launch(fill, 1, 4, 0, null, new KernelArgs().ptr(p).i64(4).f64(1.5).i32(0)));
    assertTrue(
        count.getMessage().contains("launch passed 4 arguments, the kernel reads 3"),
        count.getMessage());
    var gemm =
        assertThrows(
            CudaCallException.class,
            () ->
                api.gemmStridedBatched(
                    null, false, false, false, 2, 2, 2, 1, p, 1, 0, p, 2, 0, 0, p, 2, 0, 1));
    assertTrue(gemm.getMessage().contains("CUBLAS_STATUS_INVALID_VALUE"), gemm.getMessage());
  }
}
