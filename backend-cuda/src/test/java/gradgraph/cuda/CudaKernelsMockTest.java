package gradgraph.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import gradgraph.core.device.BinaryOp;
import gradgraph.core.device.RandomKind;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import gradgraph.cuda.driver.KernelArgs;
import gradgraph.cuda.plan.Layouts;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The host side of CudaKernels against a mocked driver: what is launched, with which arguments. */
class CudaKernelsMockTest {
  private final MockDevice dev = new MockDevice();
  private final CudaApi api = dev.api;
  private final CudaKernels k = dev.kernels;

  private CudaApi.Ptr ptr(Tensor t) {
    return ((CudaStorage) t.storage()).ptr();
  }

  private KernelArgs lastLaunch(String kernel, int grid, int block) {
    ArgumentCaptor<KernelArgs> args = ArgumentCaptor.forClass(KernelArgs.class);
    verify(api)
        .launch(
            eq(new CudaApi.Function("fn", kernel)),
            eq(grid),
            eq(block),
            eq(0),
            eq(dev.stream),
            args.capture());
    return args.getValue();
  }

  @Test
  void fromHostCopiesAndToHostConverts() {
    Tensor t = k.fromHost(new float[] {1, 2, 3}, new int[] {3});
    assertEquals(DType.FLOAT32, t.dtype());
    assertEquals("cuda:0", t.device().toString());
    verify(api).copyHtoD(eq(ptr(t)), any(float[].class), eq(3), eq(dev.stream));
    doAnswer(
            inv -> {
              float[] dst = inv.getArgument(0);
              dst[0] = 1.5f;
              dst[1] = -2f;
              dst[2] = 3f;
              return null;
            })
        .when(api)
        .copyDtoH(any(float[].class), eq(ptr(t)), eq(3), eq(dev.stream));
    assertArrayEquals(new double[] {1.5, -2, 3}, k.toDoubleArray(t));
  }

  @Test
  void emptyTensorsNeedNoMemoryAndNoLaunch() {
    Tensor t = k.fromHost(new float[0], new int[] {0, 3});
    Tensor u = k.unary(UnaryOp.EXP, t, 0);
    assertArrayEquals(new int[] {0, 3}, u.shape());
    assertEquals(0, k.toDoubleArray(u).length);
    verify(api, never()).memAlloc(anyLong());
    verify(api, never()).launch(any(), anyInt(), anyInt(), anyInt(), any(), any());
    verify(api, never()).copyDtoH(any(float[].class), any(), anyInt(), any());
  }

  @Test
  void unaryLaunchPacksOpcodeAndAlpha() {
    Tensor x = k.fromHost(new double[] {1, 2, 3, 4, 5}, new int[] {5});
    Tensor y = k.unary(UnaryOp.LEAKY_RELU, x, 0.1);
    KernelArgs args = lastLaunch("unary_f64", 1, 256);
    assertEquals(
        new KernelArgs().ptr(ptr(x)).ptr(ptr(y)).i64(5).i32(UnaryOp.LEAKY_RELU.ordinal()).f64(0.1),
        args);
    // The module was loaded from the PTX resource once.
    verify(api).loadModule(eq("elementwise"), any());
  }

  @Test
  void oddAndHugeSizesGetGridStrideConfigurations() {
    MockDevice small = new MockDevice(65535, 0);
    Tensor x = small.kernels.fromHost(new float[257], new int[] {257});
    small.kernels.unary(UnaryOp.NEG, x, 0);
    verify(small.api).launch(any(), eq(2), eq(256), eq(0), any(), any());
    // 2^24 + 1 elements need 65537 blocks of 256: capped at the device's 65535.
    Tensor big = small.kernels.full(DType.FLOAT32, new int[] {(1 << 24) + 1}, 2.0);
    verify(small.api)
        .launch(
            eq(new CudaApi.Function("fn", "fill_f32")),
            eq(65535),
            eq(256),
            eq(0),
            any(),
            eq(new KernelArgs().ptr(ptr(big)).i64((1 << 24) + 1).f64(2.0)));
  }

  @Test
  void lstmStepKernelsLaunchOncePerStepWithZerosForAMissingState() {
    Tensor z = k.fromHost(new float[3 * 20], new int[] {3, 20});
    Tensor[] fwd = k.lstmCell(z, null);
    KernelArgs args = lastLaunch("lstm_cell_f32", 1, 256);
    // the missing cell state is a zero tensor of [3, 5] floats: one memset, no launch
    ArgumentCaptor<CudaApi.Ptr> zeros = ArgumentCaptor.forClass(CudaApi.Ptr.class);
    verify(api).memZero(zeros.capture(), eq(60L), eq(dev.stream));
    assertEquals(
        new KernelArgs()
            .ptr(ptr(z))
            .ptr(zeros.getValue())
            .ptr(ptr(fwd[0]))
            .ptr(ptr(fwd[1]))
            .ptr(ptr(fwd[2]))
            .i64(3)
            .i32(5),
        args);
    assertArrayEquals(new int[] {3, 20}, fwd[0].shape());
    assertArrayEquals(new int[] {3, 5}, fwd[2].shape());

    Tensor dh = k.fromHost(new double[15], new int[] {3, 5});
    Tensor g64 = k.fromHost(new double[60], new int[] {3, 20});
    Tensor c64 = k.fromHost(new double[15], new int[] {3, 5});
    Tensor[] bwd = k.lstmCellBackward(g64, c64, c64, dh, dh);
    assertEquals(
        new KernelArgs()
            .ptr(ptr(g64))
            .ptr(ptr(c64))
            .ptr(ptr(c64))
            .ptr(ptr(dh))
            .ptr(ptr(dh))
            .ptr(ptr(bwd[0]))
            .ptr(ptr(bwd[1]))
            .i64(3)
            .i32(5),
        lastLaunch("lstm_cell_backward_f64", 1, 256));
    assertArrayEquals(new int[] {3, 20}, bwd[0].shape());
    assertArrayEquals(new int[] {3, 5}, bwd[1].shape());
  }

  @Test
  void gruStepKernelsLaunchOncePerStep() {
    Tensor a = k.fromHost(new double[2 * 12], new int[] {2, 12});
    Tensor u = k.fromHost(new double[2 * 12], new int[] {2, 12});
    Tensor h = k.fromHost(new double[8], new int[] {2, 4});
    Tensor[] fwd = k.gruCell(a, u, h);
    assertEquals(
        new KernelArgs()
            .ptr(ptr(a))
            .ptr(ptr(u))
            .ptr(ptr(h))
            .ptr(ptr(fwd[0]))
            .ptr(ptr(fwd[1]))
            .i64(2)
            .i32(4),
        lastLaunch("gru_cell_f64", 1, 256));
    Tensor[] bwd = k.gruCellBackward(fwd[0], u, null, h);
    // the missing previous state is a zero tensor of [2, 4] doubles: one memset
    ArgumentCaptor<CudaApi.Ptr> zeros = ArgumentCaptor.forClass(CudaApi.Ptr.class);
    verify(api).memZero(zeros.capture(), eq(64L), eq(dev.stream));
    assertEquals(
        new KernelArgs()
            .ptr(ptr(fwd[0]))
            .ptr(ptr(u))
            .ptr(zeros.getValue())
            .ptr(ptr(h))
            .ptr(ptr(bwd[0]))
            .ptr(ptr(bwd[1]))
            .ptr(ptr(bwd[2]))
            .i64(2)
            .i32(4),
        lastLaunch("gru_cell_backward_f64", 1, 256));
    assertArrayEquals(new int[] {2, 4}, bwd[2].shape());
  }

  @Test
  void fullOfZerosIsAMemset() {
    Tensor z = k.full(DType.FLOAT64, new int[] {3, 3}, 0.0);
    verify(api).memZero(ptr(z), 72, dev.stream);
    verify(api, never()).launch(any(), anyInt(), anyInt(), anyInt(), any(), any());
  }

  @Test
  void binaryPromotesThenBroadcasts() {
    Tensor a = k.fromHost(new float[6], new int[] {2, 3});
    Tensor b = k.fromHost(new double[3], new int[] {3});
    Tensor c = k.binary(BinaryOp.ADD, a, b);
    assertEquals(DType.FLOAT64, c.dtype());
    assertArrayEquals(new int[] {2, 3}, c.shape());
    verify(api)
        .launch(
            eq(new CudaApi.Function("fn", "cast_f32_f64")), eq(1), eq(256), eq(0), any(), any());
    ArgumentCaptor<KernelArgs> args = ArgumentCaptor.forClass(KernelArgs.class);
    verify(api)
        .launch(
            eq(new CudaApi.Function("fn", "binary_f64")),
            eq(1),
            eq(256),
            eq(0),
            any(),
            args.capture());
    var list = args.getValue().list();
    assertSame(ptr(b), list.get(1).value());
    assertSame(ptr(c), list.get(2).value());
    assertEquals(6L, list.get(3).value());
    assertEquals(BinaryOp.ADD.ordinal(), list.get(4).value());
    assertArrayEquals(
        Layouts.broadcast2("add", new int[] {2, 3}, new int[] {2, 3}, new int[] {3}),
        (int[]) list.get(5).value());
  }

  @Test
  void reductionsPickThreadOrBlockKernels() {
    Tensor x = k.fromHost(new float[4 * 1000], new int[] {4, 1000});
    k.reduce(ReduceOp.SUM, x, new int[] {1}, false);
    verify(api)
        .launch(
            eq(new CudaApi.Function("fn", "reduce_block_f32")),
            eq(4),
            eq(1024),
            eq(0),
            any(),
            any());
    k.reduce(ReduceOp.MAX, x, new int[] {0}, true);
    verify(api)
        .launch(
            eq(new CudaApi.Function("fn", "reduce_thread_f32")),
            eq(4),
            eq(256),
            eq(0),
            any(),
            any());
    assertTrue(CudaKernels.useBlockReduction(1, 256));
    assertTrue(!CudaKernels.useBlockReduction(1_000_000, 255));
  }

  @Test
  void matmulCallsCublasWithSwappedOperands() {
    Tensor a = k.fromHost(new float[6 * 4], new int[] {2, 3, 4});
    Tensor b = k.fromHost(new float[4 * 5], new int[] {4, 5});
    Tensor c = k.matmul(a, b, false, false);
    assertArrayEquals(new int[] {2, 3, 5}, c.shape());
    verify(api)
        .gemmStridedBatched(
            dev.blas, false, false, false, 5, 3, 4, 1.0, ptr(b), 5, 0L, ptr(a), 4, 12L, 0.0, ptr(c),
            5, 15L, 2);
  }

  @Test
  void withoutCublasMatmulLaunchesThePtxGemmWithTheSameColumnMajorArguments() {
    MockDevice ptx = new MockDevice(5, 80, false);
    Tensor a = ptx.kernels.fromHost(new double[2 * 100 * 70], new int[] {2, 100, 70});
    Tensor b = ptx.kernels.fromHost(new double[70 * 130], new int[] {70, 130});
    Tensor c = ptx.kernels.matmul(a, b, false, false);
    assertArrayEquals(new int[] {2, 100, 130}, c.shape());
    ArgumentCaptor<KernelArgs> args = ArgumentCaptor.forClass(KernelArgs.class);
    // tiles: ceil(130/64) * ceil(100/64) * 2 = 3 * 2 * 2 = 12, grid capped at the device's 5
    verify(ptx.api)
        .launch(
            eq(new CudaApi.Function("fn", "gemm_f64")),
            eq(5),
            eq(256),
            eq(0),
            eq(ptx.stream),
            args.capture());
    assertEquals(
        java.util.List.of(
            0, 0, 130, 100, 70, 1.0, "b", 130, 0L, "a", 70, 7000L, 0.0, "c", 130, 13000L, 3L, 2L,
            12L),
        args.getValue().list().stream()
            .map(
                x -> {
                  if (x.kind() != KernelArgs.Kind.POINTER) {
                    return x.value();
                  }
                  return x.value() == ptr(a)
                      ? "a"
                      : x.value() == ptr(b) ? "b" : x.value() == ptr(c) ? "c" : "?";
                })
            .toList());
    verify(ptx.api, never())
        .gemmStridedBatched(
            any(),
            anyBoolean(),
            anyBoolean(),
            anyBoolean(),
            anyInt(),
            anyInt(),
            anyInt(),
            anyDouble(),
            any(),
            anyInt(),
            anyLong(),
            any(),
            anyInt(),
            anyLong(),
            anyDouble(),
            any(),
            anyInt(),
            anyLong(),
            anyInt());
  }

  @Test
  void matmulWithEmptyInnerDimensionIsZerosWithoutCublas() {
    Tensor a = k.fromHost(new double[0], new int[] {3, 0});
    Tensor b = k.fromHost(new double[0], new int[] {0, 2});
    Tensor c = k.matmul(a, b, false, false);
    assertArrayEquals(new int[] {3, 2}, c.shape());
    verify(api).memZero(ptr(c), 48, dev.stream);
    verify(api, never())
        .gemmStridedBatched(
            any(),
            anyBoolean(),
            anyBoolean(),
            anyBoolean(),
            anyInt(),
            anyInt(),
            anyInt(),
            anyDouble(),
            any(),
            anyInt(),
            anyLong(),
            any(),
            anyInt(),
            anyLong(),
            anyDouble(),
            any(),
            anyInt(),
            anyLong(),
            anyInt());
  }

  @Test
  void argMaxDownloadsIndicesAndFreesItsBuffer() {
    Tensor x = k.fromHost(new float[6], new int[] {2, 3});
    doAnswer(
            inv -> {
              int[] dst = inv.getArgument(0);
              dst[0] = 2;
              dst[1] = 0;
              return null;
            })
        .when(api)
        .copyDtoH(any(int[].class), any(), eq(2), eq(dev.stream));
    assertArrayEquals(new int[] {2, 0}, k.argMax(x, 1));
    KernelArgs args = lastLaunch("argmax_f32", 1, 256);
    assertEquals(
        new KernelArgs()
            .ptr(ptr(x))
            .ptr((CudaApi.Ptr) args.list().get(1).value())
            .i64(2)
            .i32(3)
            .i32(1),
        args);
    assertEquals(512, k.allocator().inUseBytes(), "only x's block stays in use");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> k.argMax(k.fromHost(new float[0], new int[] {2, 0}), 1));
    assertEquals("argMax: axis 1 has length 0", e.getMessage());
  }

  @Test
  void bernoulliMasksUseTheCallersGeneratorLikeTheCpu() {
    Tensor m =
        k.random(RandomKind.BERNOULLI, DType.FLOAT32, new int[] {4}, 0.5, 0, new Well19937c(7));
    double[] u = new double[4];
    Well19937c rng = new Well19937c(7);
    for (int i = 0; i < 4; i++) {
      u[i] = rng.nextDouble();
    }
    verify(api).copyHtoD(any(), eq(u), eq(4), eq(dev.stream));
    ArgumentCaptor<KernelArgs> args = ArgumentCaptor.forClass(KernelArgs.class);
    verify(api)
        .launch(
            eq(new CudaApi.Function("fn", "bernoulli_f32")),
            eq(1),
            eq(256),
            eq(0),
            any(),
            args.capture());
    assertSame(ptr(m), args.getValue().list().get(1).value());
    assertEquals(0.5, args.getValue().list().get(3).value());
  }

  @Test
  void cpuTensorsAreRejectedWithAHint() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> k.unary(UnaryOp.EXP, Tensor.vector(1, 2), 0));
    assertEquals(
        "unary: tensor of shape [2] is on cpu, not cuda:0; move it with .to(device)",
        e.getMessage());
  }

  @Test
  void launchFailuresBecomeClearExceptions() {
    doThrow(
            new CudaCallException(
                "cuLaunchKernel(unary_f32)",
                CudaCallException.LAUNCH_FAILED,
                "CUDA_ERROR_LAUNCH_FAILED",
                false))
        .when(api)
        .launch(any(), anyInt(), anyInt(), anyInt(), any(), any());
    Tensor x = k.fromHost(new float[] {1}, new int[] {1});
    var e = assertThrows(CudaException.class, () -> k.unary(UnaryOp.EXP, x, 0));
    assertTrue(
        e.getMessage()
            .startsWith(
                "unary EXP on cuda:0: cuLaunchKernel(unary_f32) failed"
                    + " with CUDA_ERROR_LAUNCH_FAILED: the kernel failed"),
        e.getMessage());
    assertTrue(e.getMessage().contains("restart the JVM"), e.getMessage());
    assertTrue(e.getMessage().endsWith("--device cpu on the command line."), e.getMessage());
    assertTrue(e.getCause() instanceof CudaCallException);
  }

  @Test
  void ptxRejectedByTheDriverSaysWhichDriverIsNeeded() {
    doThrow(
            new CudaCallException(
                "cuModuleLoadData(elementwise)",
                CudaCallException.UNSUPPORTED_PTX_VERSION,
                "CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
                false))
        .when(api)
        .loadModule(any(), any());
    Tensor x = k.fromHost(new float[] {1}, new int[] {1});
    var e = assertThrows(CudaException.class, () -> k.unary(UnaryOp.EXP, x, 0));
    assertTrue(e.getMessage().contains("driver for CUDA 12 or newer"), e.getMessage());
  }

  @Test
  void cublasFailuresNameCublas() {
    doThrow(
            new CudaCallException(
                "cublasSgemmStridedBatched", 13, "CUBLAS_STATUS_EXECUTION_FAILED", true))
        .when(api)
        .gemmStridedBatched(
            any(),
            anyBoolean(),
            anyBoolean(),
            anyBoolean(),
            anyInt(),
            anyInt(),
            anyInt(),
            anyDouble(),
            any(),
            anyInt(),
            anyLong(),
            any(),
            anyInt(),
            anyLong(),
            anyDouble(),
            any(),
            anyInt(),
            anyLong(),
            anyInt());
    Tensor a = k.fromHost(new float[4], new int[] {2, 2});
    var e = assertThrows(CudaException.class, () -> k.matmul(a, a, false, true));
    assertTrue(
        e.getMessage()
            .startsWith(
                "matmul on cuda:0: cublasSgemmStridedBatched failed with"
                    + " CUBLAS_STATUS_EXECUTION_FAILED: cuBLAS"),
        e.getMessage());
  }

  @Test
  void contextIsMadeCurrentOncePerThread() throws Exception {
    Tensor x = k.fromHost(new float[] {1}, new int[] {1});
    Thread t =
        new Thread(
            () -> {
              k.unary(UnaryOp.EXP, x, 0);
              k.unary(UnaryOp.EXP, x, 0);
            });
    t.start();
    t.join();
    verify(api, times(1)).setCurrent(dev.ctx);
  }

  @Test
  void everyPoolAndConvKernelLaunchesOnItsGeometry() {
    Tensor x = k.fromHost(new float[2 * 3 * 5 * 5], new int[] {2, 3, 5, 5});
    int[] g = Layouts.conv(new int[] {2, 3, 5, 5}, 3, 3, 2, 1);
    Tensor col = k.im2col(x, 3, 3, 2, 1);
    assertArrayEquals(new int[] {2 * 3 * 3, 27}, col.shape());
    assertEquals(
        new KernelArgs().ptr(ptr(x)).ptr(ptr(col)).i64(col.size()).struct(g),
        lastLaunch("im2col_f32", 2, 256));
    Tensor back = k.col2im(col, new int[] {2, 3, 5, 5}, 3, 3, 2, 1);
    assertArrayEquals(new int[] {2, 3, 5, 5}, back.shape());
    Tensor y = k.maxPool2d(x, 3, 3, 2, 1);
    assertArrayEquals(new int[] {2, 3, 3, 3}, y.shape());
    Tensor gx = k.maxPool2dBackward(x, y, 3, 3, 2, 1);
    assertArrayEquals(x.shape(), gx.shape());
    Tensor a = k.avgPool2d(x, 3, 3, 2, 1);
    Tensor ga = k.avgPool2dBackward(a, new int[] {2, 3, 5, 5}, 3, 3, 2, 1);
    assertArrayEquals(x.shape(), ga.shape());
    verify(api, times(6)).launch(any(), anyInt(), anyInt(), anyInt(), any(), any());
  }
}
