package gradgraph.cuda;

import gradgraph.core.device.Backend;
import gradgraph.core.device.Kernels;
import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.JCudaApi;
import gradgraph.cuda.memory.CachingAllocator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Device type {@code cuda}, found by graph-core through {@link java.util.ServiceLoader}. The first
 * question asked (availability, device count, kernels) probes JCuda once per JVM and caches the
 * answer; without a usable GPU every question answers "unavailable" with the reason, and nothing
 * throws until someone asks for CUDA kernels.
 */
public final class CudaBackend implements Backend {
  private static final Object SHARED_LOCK = new Object();
  private static volatile CudaProbe shared;

  private final Supplier<CudaApi> factory;
  private final boolean usesShared;
  private volatile CudaProbe probe;
  private final ConcurrentHashMap<Integer, CudaKernels> kernels = new ConcurrentHashMap<>();

  /**
   * Names a {@link CudaApi} class (public, no-argument constructor) to use instead of JCuda: a test
   * seam, used by backend-cuda's own tests to run the kernels on a CPU emulator.
   */
  public static final String API_PROPERTY = "gradgraph.cuda.api";

  /**
   * Chooses the GEMM of matrix products: {@code auto} (default: cuBLAS when it loads, else
   * Gradgraph's PTX GEMM), {@code cublas} or {@code ptx}; see {@link GemmChoice}.
   */
  public static final String GEMM_PROPERTY = "gradgraph.cuda.gemm";

  private final GemmChoice choice;

  /** The ServiceLoader constructor: JCuda (or {@link #API_PROPERTY}), probed once per JVM. */
  public CudaBackend() {
    this.factory = CudaBackend::defaultApi;
    this.usesShared = true;
    this.choice = null; // read from GEMM_PROPERTY when probing
  }

  private static CudaApi defaultApi() {
    String name = System.getProperty(API_PROPERTY);
    if (name == null || name.isBlank()) {
      return new JCudaApi();
    }
    try {
      return (CudaApi) Class.forName(name).getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          API_PROPERTY + ": cannot create a CudaApi from class '" + name + "': " + e, e);
    }
  }

  /**
   * A backend over another API, probed once per instance (for tests and tools).
   *
   * @param factory creates the API
   */
  public CudaBackend(Supplier<CudaApi> factory) {
    this(factory, GemmChoice.AUTO);
  }

  /**
   * A backend over another API with a given GEMM choice, probed once per instance.
   *
   * @param factory creates the API
   * @param choice which GEMM matrix products use
   */
  public CudaBackend(Supplier<CudaApi> factory, GemmChoice choice) {
    this.factory = factory;
    this.usesShared = false;
    this.choice = java.util.Objects.requireNonNull(choice, "choice");
  }

  private CudaProbe runProbe() {
    GemmChoice c = choice;
    if (c == null) {
      try {
        c = GemmChoice.parse(System.getProperty(GEMM_PROPERTY));
      } catch (IllegalArgumentException e) {
        return CudaProbe.unavailable(e.getMessage() + ".");
      }
    }
    return CudaProbe.run(factory, c);
  }

  /**
   * Returns the probe's result, probing on the first call.
   *
   * @return the result
   */
  public CudaProbe probe() {
    if (usesShared) {
      CudaProbe p = shared;
      if (p == null) {
        synchronized (SHARED_LOCK) {
          p = shared;
          if (p == null) {
            p = runProbe();
            shared = p;
          }
        }
      }
      return p;
    }
    CudaProbe p = probe;
    if (p == null) {
      synchronized (this) {
        p = probe;
        if (p == null) {
          p = runProbe();
          probe = p;
        }
      }
    }
    return p;
  }

  @Override
  public String type() {
    return "cuda";
  }

  @Override
  public String unavailableReason() {
    return probe().reason();
  }

  @Override
  public int deviceCount() {
    return probe().deviceCount();
  }

  @Override
  public Kernels kernels(int index) {
    return cudaKernels(index);
  }

  /**
   * Returns the kernels of one device, typed (for the fused extras and memory controls).
   *
   * @param index the device ordinal
   * @return the kernels
   * @throws IllegalStateException when CUDA is unavailable or the index is out of range
   */
  public CudaKernels cudaKernels(int index) {
    CudaProbe p = probe();
    if (!p.available()) {
      throw new IllegalStateException("cuda:" + index + " cannot be used: " + p.reason());
    }
    if (index < 0 || index >= p.deviceCount()) {
      throw new IllegalStateException(
          "cuda:"
              + index
              + ": only "
              + p.deviceCount()
              + " CUDA device(s) present (cuda:0 to cuda:"
              + (p.deviceCount() - 1)
              + ")");
    }
    return kernels.computeIfAbsent(
        index,
        i -> {
          try {
            return new CudaKernels(CudaContext.open(p.api(), i, p.cublas()));
          } catch (gradgraph.cuda.driver.CudaCallException e) {
            throw CudaErrors.translate("open", "cuda:" + i, e);
          }
        });
  }

  @Override
  public String describe(int index) {
    CudaProbe p = probe();
    if (!p.available()) {
      return "cuda:" + index + ": unavailable: " + p.reason();
    }
    if (index < 0 || index >= p.deviceCount()) {
      return "cuda:" + index + ": no such device (" + p.deviceCount() + " present)";
    }
    CudaApi api = p.api();
    return "cuda:"
        + index
        + ": "
        + api.deviceName(index)
        + ", "
        + CachingAllocator.human(api.deviceTotalMemory(index))
        + ", compute capability "
        + api.deviceAttribute(index, CudaApi.Attributes.COMPUTE_CAPABILITY_MAJOR)
        + "."
        + api.deviceAttribute(index, CudaApi.Attributes.COMPUTE_CAPABILITY_MINOR)
        + ", "
        + api.deviceAttribute(index, CudaApi.Attributes.MULTIPROCESSOR_COUNT)
        + " SMs, driver CUDA "
        + CudaProbe.versionText(p.driverVersion())
        + "; GEMM: "
        + p.gemm();
  }

  /**
   * Describes every CUDA device, one per line, or the reason there are none (for {@code gradgraph
   * devices}).
   *
   * @return the report
   */
  public String report() {
    CudaProbe p = probe();
    if (!p.available()) {
      return "cuda: unavailable: " + p.reason();
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.deviceCount(); i++) {
      sb.append(describe(i)).append('\n');
    }
    return sb.toString().strip();
  }
}
