package gradgraph.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Detection and its messages, with every failure the JVM or the driver can produce. */
class CudaProbeTest {
  private static final String CPU = "Device.CPU in code or --device cpu on the command line";

  private static CudaApi working(int devices, int version) {
    CudaApi api = mock(CudaApi.class);
    when(api.deviceCount()).thenReturn(devices);
    when(api.driverVersion()).thenReturn(version);
    when(api.retainPrimaryContext(anyInt())).thenReturn(new CudaApi.Context("c", 0));
    when(api.createStream()).thenReturn(new CudaApi.Stream("s"));
    when(api.createBlas(any())).thenReturn(new CudaApi.Blas("b"));
    return api;
  }

  @Test
  void missingDriverLibrary() {
    CudaProbe p =
        CudaProbe.run(
            () -> {
              throw new UnsatisfiedLinkError(
                  "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\":"
                      + " libcuda.so.1: cannot open shared object file: No such file or directory");
            });
    assertTrue(p.reason().startsWith("no NVIDIA driver: libcuda.so.1"), p.reason());
    assertTrue(p.reason().contains("cannot open shared object file"), p.reason());
    assertTrue(p.reason().endsWith(CPU + "."), p.reason());
    assertEquals(0, p.deviceCount());
  }

  @Test
  void jcudaFailedEarlierInThisJvm() {
    CudaProbe p =
        CudaProbe.run(
            () -> {
              throw new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
            });
    assertTrue(p.reason().startsWith("no NVIDIA driver: JCuda failed to load earlier"), p.reason());
  }

  @Test
  void jcudaMissingFromClassPath() {
    CudaProbe p =
        CudaProbe.run(
            () -> {
              throw new NoClassDefFoundError("jcuda/driver/JCudaDriver");
            });
    assertTrue(p.reason().startsWith("JCuda is not on the class path"), p.reason());
    assertTrue(p.reason().contains("org.jcuda:jcuda"), p.reason());
  }

  @Test
  void nativeLibraryForThisPlatformMissing() {
    CudaProbe p =
        CudaProbe.run(
            () -> {
              throw new UnsatisfiedLinkError("no JCudaDriver-12.6.0-apple-aarch64 in path");
            });
    assertTrue(p.reason().startsWith("JCuda's native library could not be loaded on "), p.reason());
    assertTrue(p.reason().contains("apple-aarch64"), p.reason());
  }

  @Test
  void driverWithoutDevice() {
    CudaApi api = working(0, 12040);
    doThrow(
            new CudaCallException(
                "cuInit", CudaCallException.NO_DEVICE, "CUDA_ERROR_NO_DEVICE", false))
        .when(api)
        .init();
    CudaProbe p = CudaProbe.run(() -> api);
    assertEquals(
        "no CUDA device: the NVIDIA driver is installed but reports no GPU (cuInit:"
            + " CUDA_ERROR_NO_DEVICE). To run on the CPU instead, use "
            + CPU
            + ".",
        p.reason());
  }

  @Test
  void zeroDevicesCounted() {
    CudaProbe p = CudaProbe.run(() -> working(0, 12040));
    assertTrue(p.reason().startsWith("no CUDA device: the NVIDIA driver (CUDA 12.4)"), p.reason());
  }

  @Test
  void driverTooOld() {
    CudaProbe p = CudaProbe.run(() -> working(1, 11080));
    assertTrue(p.reason().contains("supports CUDA 11.8"), p.reason());
    assertTrue(p.reason().contains("CUDA 12.0 or newer"), p.reason());
  }

  @Test
  void cublasMissingFallsBackToThePtxGemmAndSaysWhy() {
    CudaApi api = working(1, 13000);
    when(api.createBlas(any()))
        .thenThrow(new UnsatisfiedLinkError("libcublas.so.12: cannot open shared object file"));
    CudaProbe p = CudaProbe.run(() -> api);
    assertNull(p.reason(), "CUDA stays usable without cuBLAS");
    assertTrue(p.available());
    assertEquals(false, p.cublas());
    assertTrue(
        p.gemm().startsWith("Gradgraph's PTX GEMM (cuBLAS not loaded: libcublas.so.12"), p.gemm());
    assertTrue(p.gemm().contains("UnsatisfiedLinkError: libcublas.so.12"), p.gemm());
  }

  @Test
  void cublasMissingIsAReasonWhenCublasIsRequired() {
    CudaApi api = working(1, 12040);
    when(api.createBlas(any()))
        .thenThrow(new UnsatisfiedLinkError("libcublas.so.12: cannot open shared object file"));
    CudaProbe p = CudaProbe.run(() -> api, GemmChoice.CUBLAS);
    assertTrue(p.reason().startsWith("cuBLAS is missing: libcublas.so.12"), p.reason());
    assertTrue(p.reason().contains("UnsatisfiedLinkError: libcublas.so.12"), p.reason());
    assertTrue(p.reason().contains("-Dgradgraph.cuda.gemm unset"), p.reason());
    assertTrue(p.reason().endsWith(CPU + "."), p.reason());
  }

  @Test
  void ptxChoiceNeverLoadsCublas() {
    CudaApi api = working(1, 13000);
    CudaProbe p = CudaProbe.run(() -> api, GemmChoice.PTX);
    assertTrue(p.available());
    assertEquals(false, p.cublas());
    assertEquals(CudaProbe.PTX_ASKED, p.gemm());
    org.mockito.Mockito.verify(api, org.mockito.Mockito.never()).createBlas(any());
    CudaProbe q = CudaProbe.run(() -> working(1, 13000));
    assertEquals(true, q.cublas());
    assertEquals(CudaProbe.CUBLAS_GEMM, q.gemm());
  }

  @Test
  void gemmChoiceParsesItsPropertyAndNamesABadValue() {
    assertEquals(GemmChoice.AUTO, GemmChoice.parse(null));
    assertEquals(GemmChoice.AUTO, GemmChoice.parse(" Auto "));
    assertEquals(GemmChoice.CUBLAS, GemmChoice.parse("cublas"));
    assertEquals(GemmChoice.PTX, GemmChoice.parse("PTX"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GemmChoice.parse("magma"));
    assertEquals("gradgraph.cuda.gemm: 'magma' is not one of auto, cublas, ptx", e.getMessage());
  }

  @Test
  void devicesLineSaysWhichGemmRuns() {
    CudaApi api = working(1, 13000);
    when(api.deviceName(0)).thenReturn("NVIDIA H100 80GB HBM3");
    when(api.createBlas(any()))
        .thenThrow(new UnsatisfiedLinkError("libcublas.so.12: cannot open shared object file"));
    String line = new CudaBackend(() -> api).describe(0);
    assertTrue(line.startsWith("cuda:0: NVIDIA H100 80GB HBM3, "), line);
    assertTrue(
        line.contains("driver CUDA 13.0; GEMM: Gradgraph's PTX GEMM (cuBLAS not loaded"), line);
    String forced = new CudaBackend(() -> working(1, 13000), GemmChoice.PTX).describe(0);
    assertTrue(forced.endsWith("GEMM: " + CudaProbe.PTX_ASKED), forced);
  }

  @Test
  void workingDriver() {
    CudaProbe p = CudaProbe.run(() -> working(2, 12060));
    assertNull(p.reason());
    assertTrue(p.available());
    assertEquals(2, p.deviceCount());
  }

  @Test
  void backendProbesOnceAndCaches() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<CudaApi> factory =
        () -> {
          calls.incrementAndGet();
          throw new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file");
        };
    CudaBackend b = new CudaBackend(factory);
    assertEquals("cuda", b.type());
    String why = b.unavailableReason();
    assertEquals(why, b.unavailableReason());
    assertEquals(0, b.deviceCount());
    var e = assertThrows(IllegalStateException.class, () -> b.kernels(0));
    assertEquals("cuda:0 cannot be used: " + why, e.getMessage());
    assertTrue(b.describe(0).startsWith("cuda:0: unavailable: no NVIDIA driver"));
    assertTrue(b.report().startsWith("cuda: unavailable: no NVIDIA driver"));
    assertEquals(1, calls.get());
  }

  @Test
  void backendDescribesDevicesAndRejectsBadIndices() {
    CudaApi api = working(1, 12040);
    when(api.deviceName(0)).thenReturn("NVIDIA Test GPU");
    when(api.deviceTotalMemory(0)).thenReturn(8L << 30);
    when(api.deviceAttribute(0, CudaApi.Attributes.COMPUTE_CAPABILITY_MAJOR)).thenReturn(8);
    when(api.deviceAttribute(0, CudaApi.Attributes.COMPUTE_CAPABILITY_MINOR)).thenReturn(6);
    when(api.deviceAttribute(0, CudaApi.Attributes.MULTIPROCESSOR_COUNT)).thenReturn(28);
    when(api.deviceAttribute(0, CudaApi.Attributes.MAX_GRID_DIM_X)).thenReturn(Integer.MAX_VALUE);
    CudaBackend b = new CudaBackend(() -> api);
    assertEquals(
        "cuda:0: NVIDIA Test GPU, 8.0 GiB, compute capability 8.6, 28 SMs, driver CUDA 12.4; GEMM:"
            + " cuBLAS (libcublas.so.12 through JCublas 12.6)",
        b.describe(0));
    assertEquals(b.describe(0), b.report());
    var e = assertThrows(IllegalStateException.class, () -> b.kernels(1));
    assertEquals("cuda:1: only 1 CUDA device(s) present (cuda:0 to cuda:0)", e.getMessage());
    CudaKernels k = b.cudaKernels(0);
    assertEquals("cuda:0", k.device().toString());
    assertTrue(k == b.kernels(0), "kernels are cached per device");
  }
}
