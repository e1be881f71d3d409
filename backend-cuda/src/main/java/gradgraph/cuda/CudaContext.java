package gradgraph.cuda;

import gradgraph.core.device.Device;
import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import gradgraph.cuda.driver.KernelArgs;
import gradgraph.cuda.memory.CachingAllocator;
import gradgraph.cuda.plan.LaunchConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Everything one device needs at run time: its primary context, the one stream all its work goes to
 * (so work is ordered without events), its cuBLAS handle (null when matrix products run on the PTX
 * GEMM), its allocator, and its kernels, loaded from PTX on first use.
 */
final class CudaContext {
  /** The most bytes each device's allocator keeps cached. */
  static final long DEFAULT_MAX_CACHED = 1L << 30;

  final CudaApi api;
  final Device device;
  final CudaApi.Context context;
  final CudaApi.Stream stream;
  final CudaApi.Blas blas;
  final CachingAllocator allocator;
  final int maxGrid;
  final int multiprocessors;
  private final ConcurrentHashMap<String, CudaApi.Module> modules = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CudaApi.Function> functions = new ConcurrentHashMap<>();
  private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> Boolean.FALSE);

  CudaContext(
      CudaApi api,
      Device device,
      CudaApi.Context context,
      CudaApi.Stream stream,
      CudaApi.Blas blas,
      int maxGrid,
      int multiprocessors,
      long maxCached) {
    this.api = api;
    this.device = device;
    this.context = context;
    this.stream = stream;
    this.blas = blas;
    this.maxGrid = maxGrid;
    this.multiprocessors = multiprocessors;
    this.allocator = new CachingAllocator(api, device.toString(), maxCached);
    this.allocator.beforeDriverCall(this::makeCurrent);
    current.set(Boolean.TRUE);
  }

  /**
   * Opens a device: retains its primary context, makes it current, creates its stream and (when
   * asked) its cuBLAS handle, and reads its limits.
   */
  static CudaContext open(CudaApi api, int ordinal, boolean cublas) {
    CudaApi.Context ctx = api.retainPrimaryContext(ordinal);
    api.setCurrent(ctx);
    CudaApi.Stream stream = api.createStream();
    CudaApi.Blas blas = cublas ? api.createBlas(stream) : null;
    int maxGrid = api.deviceAttribute(ordinal, CudaApi.Attributes.MAX_GRID_DIM_X);
    int sms = api.deviceAttribute(ordinal, CudaApi.Attributes.MULTIPROCESSOR_COUNT);
    return new CudaContext(
        api, Device.cuda(ordinal), ctx, stream, blas, maxGrid, sms, DEFAULT_MAX_CACHED);
  }

  /** Makes the context current on this thread (once per thread). */
  void makeCurrent() {
    if (!current.get()) {
      api.setCurrent(context);
      current.set(Boolean.TRUE);
    }
  }

  /** Runs an op's body with the context current, translating driver errors. */
  <T> T guard(String op, Supplier<T> body) {
    try {
      makeCurrent();
      return body.get();
    } catch (CudaCallException e) {
      throw CudaErrors.translate(op, device.toString(), e);
    }
  }

  /** Plans an elementwise launch over {@code n} items on this device. */
  LaunchConfig elements(long n) {
    return LaunchConfig.forElements(n, LaunchConfig.DEFAULT_BLOCK, maxGrid, multiprocessors);
  }

  /** Launches a kernel on the stream, or nothing for an empty configuration. */
  void launch(String kernel, LaunchConfig cfg, KernelArgs args) {
    if (cfg.isEmpty()) {
      return;
    }
    api.launch(function(kernel), cfg.grid(), cfg.block(), 0, stream, args);
  }

  CudaApi.Function function(String kernel) {
    CudaApi.Function f = functions.get(kernel);
    if (f == null) {
      String module = KernelTable.moduleOf(kernel);
      CudaApi.Module m = modules.computeIfAbsent(module, n -> api.loadModule(n, ptx(n)));
      f = api.function(m, kernel);
      functions.put(kernel, f);
    }
    return f;
  }

  /** Reads a module's PTX from the class path. */
  static String ptx(String module) {
    String path = KernelTable.RESOURCE_DIR + module + ".ptx";
    try (InputStream in = CudaContext.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "cuda: PTX resource " + path + " is missing from backend-cuda's jar; rebuild it");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cuda: cannot read " + path, e);
    }
  }
}
