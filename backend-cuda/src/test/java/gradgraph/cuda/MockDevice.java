package gradgraph.cuda;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import gradgraph.core.device.Device;
import gradgraph.cuda.driver.CudaApi;

/** A CUDA context over a Mockito mock of {@link CudaApi}: no driver, no GPU. */
final class MockDevice {
  final CudaApi api = mock(CudaApi.class);
  final CudaApi.Context ctx = new CudaApi.Context("ctx", 0);
  final CudaApi.Stream stream = new CudaApi.Stream("stream");
  final CudaApi.Blas blas = new CudaApi.Blas("blas");
  final CudaContext context;
  final CudaKernels kernels;

  MockDevice(int maxGrid, int sms) {
    this(maxGrid, sms, true);
  }

  /** With {@code cublas} false the context has no cuBLAS handle: GEMMs go to the PTX kernel. */
  MockDevice(int maxGrid, int sms, boolean cublas) {
    when(api.memAlloc(anyLong()))
        .thenAnswer(inv -> new CudaApi.Ptr(new Object(), inv.getArgument(0)));
    when(api.loadModule(anyString(), anyString()))
        .thenAnswer(inv -> new CudaApi.Module("module", inv.getArgument(0)));
    when(api.function(any(), anyString()))
        .thenAnswer(inv -> new CudaApi.Function("fn", inv.getArgument(1)));
    when(api.retainPrimaryContext(anyInt())).thenReturn(ctx);
    when(api.createStream()).thenReturn(stream);
    when(api.createBlas(any())).thenReturn(blas);
    context =
        new CudaContext(
            api, Device.cuda(0), ctx, stream, cublas ? blas : null, maxGrid, sms, 1L << 30);
    kernels = new CudaKernels(context);
  }

  MockDevice() {
    this(Integer.MAX_VALUE, 80);
  }
}
