package gradgraph.cuda.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {
  private CudaApi api;

  @BeforeEach
  void setUp() {
    api = mock(CudaApi.class);
    when(api.memAlloc(anyLong()))
        .thenAnswer(inv -> new CudaApi.Ptr(new Object(), inv.getArgument(0)));
  }

  private static CudaCallException oom() {
    return new CudaCallException(
        "cuMemAlloc", CudaCallException.OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", false);
  }

  @Test
  void bucketsRoundUp() {
    assertEquals(512, CachingAllocator.bucket(1));
    assertEquals(512, CachingAllocator.bucket(512));
    assertEquals(1024, CachingAllocator.bucket(513));
    assertEquals(1 << 20, CachingAllocator.bucket((1 << 19) + 1));
    assertEquals(1 << 20, CachingAllocator.bucket(1 << 20));
    assertEquals(2 << 20, CachingAllocator.bucket((1 << 20) + 1));
    assertEquals(4 << 20, CachingAllocator.bucket((2 << 20) + 1));
    assertEquals(1L << 32, CachingAllocator.bucket((1L << 32) - 5));
  }

  @Test
  void releasedBlocksAreReusedForTheSameBucket() {
    CachingAllocator a = new CachingAllocator(api, "cuda:0", 1 << 30);
    Block b1 = a.allocate(1000);
    a.release(b1);
    Block b2 = a.allocate(900); // same 1024-byte bucket
    assertSame(b1.ptr(), b2.ptr());
    verify(api, times(1)).memAlloc(1024);
    assertEquals(1, a.reuses());
    assertEquals(1, a.driverAllocations());
    Block b3 = a.allocate(5000); // another bucket: a new allocation
    verify(api, times(1)).memAlloc(8192);
    assertEquals(1024 + 8192, a.inUseBytes());
    a.release(b2);
    a.release(b3);
    assertEquals(0, a.inUseBytes());
    assertEquals(1024 + 8192, a.cachedBytes());
    verify(api, never()).memFree(org.mockito.ArgumentMatchers.any());
  }

  @Test
  void zeroBytesNeedNoDriverCall() {
    CachingAllocator a = new CachingAllocator(api, "cuda:0", 1 << 30);
    Block b = a.allocate(0);
    assertNull(b.ptr());
    a.release(b);
    verify(api, never()).memAlloc(anyLong());
    assertEquals(0, a.inUseBytes());
  }

  @Test
  void fullCacheFreesInsteadOfKeeping() {
    CachingAllocator a = new CachingAllocator(api, "cuda:0", 1024);
    Block small = a.allocate(1024);
    Block big = a.allocate(4096);
    a.release(small); // fits in the 1 KiB cache
    a.release(big); // would exceed it
    verify(api).memFree(big.ptr());
    verify(api, never()).memFree(small.ptr());
    assertEquals(1024, a.cachedBytes());
    a.emptyCache();
    verify(api).memFree(small.ptr());
    assertEquals(0, a.cachedBytes());
    assertEquals(2, a.driverFrees());
  }

  @Test
  void outOfMemoryEmptiesTheCacheAndRetries() {
    CachingAllocator a = new CachingAllocator(api, "cuda:0", 1 << 30);
    java.util.concurrent.atomic.AtomicInteger gcs = new java.util.concurrent.atomic.AtomicInteger();
    a.onPressure(gcs::incrementAndGet);
    Block cached = a.allocate(2048);
    a.release(cached);
    when(api.memAlloc(1L << 21))
        .thenThrow(oom())
        .thenAnswer(inv -> new CudaApi.Ptr(new Object(), inv.getArgument(0)));
    Block b = a.allocate(1L << 21);
    assertEquals(1L << 21, b.bucketBytes());
    verify(api).memFree(cached.ptr());
    assertEquals(0, a.cachedBytes());
    assertEquals(1, gcs.get(), "the collector ran once before the retry");
  }

  @Test
  void outOfMemoryTwiceSaysWhatToDo() {
    CachingAllocator a = new CachingAllocator(api, "cuda:0", 1 << 30);
    a.allocate(1 << 20); // held by a live tensor
    when(api.memAlloc(3L << 30)).thenThrow(oom());
    var e = assertThrows(DeviceMemoryException.class, () -> a.allocate(3L << 30));
    assertTrue(
        e.getMessage()
            .startsWith(
                "cuda:0: out of device memory: could not allocate 3.0 GiB (1.0 MiB held by live"
                    + " tensors"),
        e.getMessage());
    assertTrue(e.getMessage().contains("CudaScope"));
    assertTrue(e.getMessage().contains("--device cpu"));
    verify(api, times(2)).memAlloc(3L << 30);
  }

  @Test
  void otherDriverErrorsPassThroughWithoutRetry() {
    CachingAllocator a = new CachingAllocator(api, "cuda:0", 1 << 30);
    when(api.memAlloc(512)).thenThrow(new CudaCallException("cuMemAlloc", 201, "X", false));
    var e = assertThrows(CudaCallException.class, () -> a.allocate(10));
    assertEquals(201, e.code());
    verify(api, times(1)).memAlloc(512);
  }

  @Test
  void humanSizes() {
    assertEquals("512 B", CachingAllocator.human(512));
    assertEquals("1.5 KiB", CachingAllocator.human(1536));
    assertEquals("2.0 GiB", CachingAllocator.human(2L << 30));
  }
}
