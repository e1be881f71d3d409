package gradgraph.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import gradgraph.core.device.Device;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;
import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import gradgraph.cuda.memory.CachingAllocator;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * {@link Kernels#release} and {@link Kernels#synchronize} on CUDA, against a mocked driver: memory
 * goes back to the caching allocator, double release and use after release fail with messages that
 * say what happened, and synchronize waits on the device's stream.
 */
class CudaKernelsReleaseTest {
  private final MockDevice dev = new MockDevice();
  private final CudaApi api = dev.api;
  private final Kernels k = dev.kernels;
  private final CachingAllocator alloc = dev.kernels.allocator();

  private Tensor tensor300() {
    return k.fromHost(new float[300], new int[] {30, 10}); // 1200 bytes: the 2 KiB bucket
  }

  @Test
  void releaseReturnsTheBlockToTheCacheForReuse() {
    Tensor t = tensor300();
    CudaApi.Ptr p = ((CudaStorage) t.storage()).ptr();
    assertEquals(2048, alloc.inUseBytes());
    k.release(t);
    assertEquals(0, alloc.inUseBytes());
    assertEquals(2048, alloc.cachedBytes());
    verify(api, never()).memFree(any());
    Tensor u = tensor300();
    assertEquals(p, ((CudaStorage) u.storage()).ptr(), "the released block is reused");
    assertEquals(1, alloc.reuses());
    verify(api, times(1)).memAlloc(anyLong());
  }

  @Test
  void secondReleaseFailsAndSaysSo() {
    Tensor t = tensor300();
    k.release(t);
    var e = assertThrows(IllegalStateException.class, () -> k.release(t));
    assertEquals(
        "release: tensor: the device memory of this [30, 10] tensor on cuda:0 was already released"
            + " (by an earlier release); release each tensor once",
        e.getMessage());
    assertEquals(0, alloc.inUseBytes(), "released once only");
    assertEquals(2048, alloc.cachedBytes());
  }

  @Test
  void useAfterReleaseFailsNamingTheCall() {
    Tensor t = tensor300();
    k.release(t);
    var e = assertThrows(IllegalStateException.class, () -> k.unary(UnaryOp.EXP, t, 0));
    assertTrue(
        e.getMessage().startsWith("cuda: tensor: its device memory was freed by Kernels.release"),
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> k.toDoubleArray(t));
  }

  @Test
  void aReshapeSharesTheMemoryAndIsReleasedWithIt() {
    Tensor t = tensor300();
    Tensor view = t.reshape(300);
    k.release(view);
    assertThrows(IllegalStateException.class, () -> k.toDoubleArray(t));
    assertThrows(IllegalStateException.class, () -> k.release(t));
  }

  @Test
  void releaseAfterTheScopeClosedFailsAndAScopeClosingAfterAReleaseIsQuiet() {
    Tensor inScope;
    Tensor releasedEarly;
    try (CudaScope s = CudaScope.open()) {
      inScope = tensor300();
      releasedEarly = tensor300();
      k.release(releasedEarly);
      assertEquals(2048, alloc.inUseBytes());
    }
    assertEquals(0, alloc.inUseBytes(), "each block released exactly once");
    assertEquals(4096, alloc.cachedBytes());
    var e = assertThrows(IllegalStateException.class, () -> k.release(inScope));
    assertTrue(e.getMessage().contains("was already released (when its CudaScope closed)"));
    var again = assertThrows(IllegalStateException.class, () -> k.release(releasedEarly));
    assertTrue(again.getMessage().contains("(by an earlier release)"), again.getMessage());
  }

  @Test
  void cpuTensorsAndEmptyTensorsAreLeftAloneOrFreeNothing() {
    Tensor cpu = Tensor.of(new double[] {1, 2}, 2);
    k.release(cpu);
    Device.CPU.kernels().release(cpu); // graph-core's default: a no-op
    assertArrayEquals(new double[] {1, 2}, cpu.toDoubleArray());
    Tensor empty = k.fromHost(new float[0], new int[] {0, 4});
    k.release(empty);
    verify(api, never()).memAlloc(anyLong());
    assertEquals(0, alloc.inUseBytes());
  }

  @Test
  void synchronizeWaitsOnTheDeviceStreamAfterQueuedWork() {
    Tensor t = tensor300();
    k.unary(UnaryOp.EXP, t, 0);
    k.synchronize();
    InOrder order = inOrder(api);
    order.verify(api).launch(any(), any(int.class), any(int.class), any(int.class), any(), any());
    order.verify(api).synchronize(dev.stream);
  }

  @Test
  void synchronizeReportsAFailedKernelClearly() {
    doThrow(
            new CudaCallException(
                "cuStreamSynchronize",
                CudaCallException.LAUNCH_FAILED,
                "CUDA_ERROR_LAUNCH_FAILED",
                false))
        .when(api)
        .synchronize(dev.stream);
    var e = assertThrows(CudaException.class, k::synchronize);
    assertTrue(
        e.getMessage().startsWith("synchronize on cuda:0: cuStreamSynchronize failed"),
        e.getMessage());
  }
}
