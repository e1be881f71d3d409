package gradgraph.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Device memory goes back when scopes close; kept tensors survive; use after release fails. */
class CudaScopeTest {
  private final MockDevice dev = new MockDevice();

  private Tensor make(int n) {
    return dev.kernels.full(DType.FLOAT32, new int[] {n}, 1.5);
  }

  @Test
  void closingAScopeReleasesItsTensors() {
    Tensor a;
    try (CudaScope scope = CudaScope.open()) {
      a = make(100);
      make(100);
      assertEquals(2, scope.ownedCount());
      assertEquals(1024, dev.kernels.allocator().inUseBytes());
    }
    assertEquals(0, dev.kernels.allocator().inUseBytes());
    assertTrue(((CudaStorage) a.storage()).isReleased());
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> dev.kernels.unary(gradgraph.core.device.UnaryOp.EXP, a, 0));
    assertTrue(e.getMessage().contains("scope.keep(tensor)"), e.getMessage());
    // The next allocations reuse the cached blocks: two driver allocations in all.
    make(100);
    make(100);
    verify(dev.api, times(2)).memAlloc(anyLong());
  }

  @Test
  void keptTensorsMoveToTheEnclosingScope() {
    Tensor kept;
    try (CudaScope outer = CudaScope.open()) {
      try (CudaScope inner = CudaScope.open()) {
        kept = make(10);
        make(10);
        inner.keep(kept);
        assertEquals(1, inner.ownedCount());
        assertEquals(1, outer.ownedCount());
      }
      assertFalse(((CudaStorage) kept.storage()).isReleased());
    }
    assertTrue(((CudaStorage) kept.storage()).isReleased());
  }

  @Test
  void keptOutsideEveryScopeIsLeftToTheCollector() {
    Tensor kept;
    try (CudaScope s = CudaScope.open()) {
      kept = make(10);
      s.keep(kept, Tensor.vector(1, 2)); // CPU tensors are ignored
    }
    assertFalse(((CudaStorage) kept.storage()).isReleased());
    ((CudaStorage) kept.storage()).release();
    ((CudaStorage) kept.storage()).release(); // idempotent
    assertEquals(0, dev.kernels.allocator().inUseBytes());
  }

  @Test
  void reshapesShareTheirStorage() {
    try (CudaScope s = CudaScope.open()) {
      Tensor a = dev.kernels.full(DType.FLOAT64, new int[] {2, 3}, 2.0);
      Tensor b = a.reshape(3, 2);
      assertSame(a.storage(), b.storage());
      assertEquals(1, s.ownedCount());
    }
  }

  @Test
  void cleanerThreadsMakeTheContextCurrentBeforeFreeing() throws Exception {
    MockDevice tiny = new MockDevice();
    Tensor t = tiny.kernels.full(DType.FLOAT32, new int[] {10}, 1.0);
    Thread other = new Thread(() -> tiny.kernels.allocator().emptyCache());
    other.start();
    other.join();
    // Nothing cached yet: no driver call, so no context switch needed.
    verify(tiny.api, times(0)).setCurrent(tiny.ctx);
    ((CudaStorage) t.storage()).release();
    Thread freer = new Thread(() -> tiny.kernels.allocator().emptyCache());
    freer.start();
    freer.join();
    verify(tiny.api, times(1)).setCurrent(tiny.ctx);
  }

  @Test
  void closingTwiceIsHarmless() {
    CudaScope s = CudaScope.open();
    make(4);
    s.close();
    s.close();
    assertEquals(0, dev.kernels.allocator().inUseBytes());
  }
}
