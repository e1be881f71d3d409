package gradgraph.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.cuda.driver.CudaCallException;
import org.junit.jupiter.api.Test;

class CudaErrorsTest {
  @Test
  void unknownCodesStillNameTheCallAndTheFallback() {
    RuntimeException e =
        CudaErrors.translate(
            "softmax",
            "cuda:1",
            new CudaCallException("cuMemcpyDtoH", 999, "CUDA_ERROR_UNKNOWN", false));
    assertEquals(
        "softmax on cuda:1: cuMemcpyDtoH failed with CUDA_ERROR_UNKNOWN: see the CUDA driver"
            + " documentation for CUDA_ERROR_UNKNOWN. To run on the CPU instead, use Device.CPU in"
            + " code or --device cpu on the command line.",
        e.getMessage());
  }

  @Test
  void illegalAddressIsReportedAsABugThatKillsTheContext() {
    RuntimeException e =
        CudaErrors.translate(
            "col2im",
            "cuda:0",
            new CudaCallException("cuStreamSynchronize", 700, "CUDA_ERROR_ILLEGAL_ADDRESS", false));
    assertTrue(e.getMessage().contains("restart the JVM"), e.getMessage());
    assertTrue(e.getMessage().contains("please report it"), e.getMessage());
  }

  @Test
  void outOfMemoryDuringAKernelSuggestsScopes() {
    RuntimeException e =
        CudaErrors.translate(
            "matmul",
            "cuda:0",
            new CudaCallException(
                "cuLaunchKernel",
                CudaCallException.OUT_OF_MEMORY,
                "CUDA_ERROR_OUT_OF_MEMORY",
                false));
    assertTrue(e.getMessage().contains("CudaScope"), e.getMessage());
  }

  @Test
  void missingPtxResourceSaysToRebuild() {
    var e = assertThrows(IllegalStateException.class, () -> CudaContext.ptx("nonexistent"));
    assertEquals(
        "cuda: PTX resource /gradgraph/cuda/ptx/nonexistent.ptx is missing from backend-cuda's jar;"
            + " rebuild it",
        e.getMessage());
  }

  @Test
  void unknownKernelNamesAreRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> KernelTable.moduleOf("warp_f32"));
    assertEquals("cuda: kernel: no module holds 'warp_f32'", e.getMessage());
  }
}
