package gradgraph.cuda;

import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Finds out once whether CUDA can be used: loads JCuda, initializes the driver, counts devices,
 * checks the driver's CUDA version and loads cuBLAS. Every failure, including the {@link Error}s a
 * missing native library raises, becomes a reason that says what is missing and how to run on the
 * CPU instead. A cuBLAS that cannot be loaded (JCublas 12.6 links {@code libcublas.so.12}; a
 * machine with CUDA 13 libraries only has {@code libcublas.so.13}) is no reason against CUDA: the
 * GEMMs then run on Gradgraph's own PTX kernel, and {@link #gemm()} says so.
 *
 * @param api the working API, or null when unavailable
 * @param deviceCount devices found (0 when unavailable)
 * @param driverVersion the driver's CUDA version (e.g. 12040), 0 when unknown
 * @param reason null when usable, else why not and what to do
 * @param cublas whether matrix products go to cuBLAS (else to the PTX GEMM)
 * @param gemm which GEMM is used and, for the PTX one, why: for {@code gradgraph devices}
 */
public record CudaProbe(
    CudaApi api, int deviceCount, int driverVersion, String reason, boolean cublas, String gemm) {
  /** The GEMM line when cuBLAS is loaded. */
  static final String CUBLAS_GEMM = "cuBLAS (libcublas.so.12 through JCublas 12.6)";

  /** The GEMM line when {@link GemmChoice#PTX} was asked for. */
  static final String PTX_ASKED =
      "Gradgraph's PTX GEMM (asked for with -D" + CudaBackend.GEMM_PROPERTY + "=ptx)";

  /** The oldest driver API version JCuda 12.6 works with (CUDA 12.0). */
  static final int MIN_DRIVER_VERSION = 12000;

  /**
   * Probes with an API factory; never throws.
   *
   * @param factory creates the API (the JCuda one in production, a mock in tests)
   * @return the result
   */
  public static CudaProbe run(Supplier<CudaApi> factory) {
    return run(factory, GemmChoice.AUTO);
  }

  /**
   * Probes with an API factory and a GEMM choice; never throws.
   *
   * @param factory creates the API (the JCuda one in production, a mock in tests)
   * @param choice {@link GemmChoice#AUTO} takes cuBLAS when it loads and the PTX GEMM otherwise;
   *     {@link GemmChoice#CUBLAS} makes a missing cuBLAS a reason against CUDA; {@link
   *     GemmChoice#PTX} does not load cuBLAS at all
   * @return the result
   */
  public static CudaProbe run(Supplier<CudaApi> factory, GemmChoice choice) {
    CudaApi api;
    try {
      api = factory.get();
      api.init();
    } catch (CudaCallException e) {
      if (e.code() == CudaCallException.NO_DEVICE) {
        return fail(
            "no CUDA device: the NVIDIA driver is installed but reports no GPU (cuInit: "
                + e.codeName()
                + ").");
      }
      return fail("the NVIDIA driver failed to initialize (cuInit: " + e.codeName() + ").");
    } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializer
      return fail(explainLoadFailure(t));
    }
    int count;
    int version;
    try {
      version = api.driverVersion();
      count = api.deviceCount();
    } catch (Throwable t) {
      return fail("the NVIDIA driver does not answer: " + describe(t) + ".");
    }
    if (version > 0 && version < MIN_DRIVER_VERSION) {
      return new CudaProbe(
          null,
          0,
          version,
          "the NVIDIA driver supports CUDA "
              + versionText(version)
              + ", but JCuda 12.6 needs a driver for CUDA 12.0 or newer (R525+): update the"
              + " driver. "
              + CudaErrors.CPU_HINT,
          false,
          null);
    }
    if (count <= 0) {
      return new CudaProbe(
          null,
          0,
          version,
          "no CUDA device: the NVIDIA driver (CUDA "
              + versionText(version)
              + ") reports no GPU. "
              + CudaErrors.CPU_HINT,
          false,
          null);
    }
    CudaApi.Stream stream;
    try {
      CudaApi.Context ctx = api.retainPrimaryContext(0);
      api.setCurrent(ctx);
      stream = api.createStream();
    } catch (Throwable t) {
      return new CudaProbe(
          null,
          0,
          version,
          "the NVIDIA driver could not open cuda:0 (" + describe(t) + "). " + CudaErrors.CPU_HINT,
          false,
          null);
    }
    if (choice == GemmChoice.PTX) {
      return new CudaProbe(api, count, version, null, false, PTX_ASKED);
    }
    try {
      api.createBlas(stream);
    } catch (Throwable t) {
      String missing =
          "libcublas.so.12 (cublas64_12.dll on Windows) could not be loaded or started ("
              + describe(t)
              + ")";
      if (choice == GemmChoice.CUBLAS) {
        return new CudaProbe(
            null,
            0,
            version,
            "cuBLAS is missing: "
                + missing
                + ". Install the CUDA 12 cuBLAS library (the CUDA toolkit 12.x, or the"
                + " nvidia-cublas-cu12 package with its lib folder on LD_LIBRARY_PATH), or leave -D"
                + CudaBackend.GEMM_PROPERTY
                + " unset to use Gradgraph's PTX GEMM. "
                + CudaErrors.CPU_HINT,
            false,
            null);
      }
      return new CudaProbe(
          api,
          count,
          version,
          null,
          false,
          "Gradgraph's PTX GEMM (cuBLAS not loaded: "
              + missing
              + "; install the CUDA 12 cuBLAS, e.g. nvidia-cublas-cu12, for cuBLAS)");
    }
    return new CudaProbe(api, count, version, null, true, CUBLAS_GEMM);
  }

  /**
   * A result that says CUDA cannot be used, and why.
   *
   * @param why the reason (the CPU hint is appended)
   * @return the result
   */
  static CudaProbe unavailable(String why) {
    return fail(why);
  }

  private static CudaProbe fail(String why) {
    return new CudaProbe(null, 0, 0, why + " " + CudaErrors.CPU_HINT, false, null);
  }

  /** Explains why JCuda could not be loaded, from the error the JVM threw. */
  static String explainLoadFailure(Throwable t) {
    String text = describe(t);
    String lower = text.toLowerCase(Locale.ROOT);
    if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
      if (lower.contains("jcuda")) {
        if (lower.contains("could not initialize")) {
          return "no NVIDIA driver: JCuda failed to load earlier in this JVM (" + text + ").";
        }
        return "JCuda is not on the class path ("
            + text
            + "): add org.jcuda:jcuda and org.jcuda:jcublas 12.6.0 next to backend-cuda.";
      }
      return "a class backend-cuda needs is missing (" + text + ").";
    }
    if (t instanceof UnsatisfiedLinkError || t instanceof ExceptionInInitializerError) {
      if (lower.contains("libcuda") || lower.contains("nvcuda")) {
        return "no NVIDIA driver: libcuda.so.1 (nvcuda.dll on Windows) could not be loaded ("
            + text
            + "). Install the NVIDIA driver for CUDA 12 or newer.";
      }
      return "JCuda's native library could not be loaded on "
          + System.getProperty("os.name")
          + "/"
          + System.getProperty("os.arch")
          + " ("
          + text
          + "). JCuda 12.6.0 ships natives for Linux and Windows on x86_64, and needs the NVIDIA"
          + " driver (libcuda.so.1).";
    }
    return "CUDA could not be started (" + text + ").";
  }

  private static final java.util.regex.Pattern MISSING_LIBRARY =
      java.util.regex.Pattern.compile(
          "([\\w.+-]+\\.(?:so[.\\d]*|dll|dylib)): cannot open shared object file[^\\n]*");

  /**
   * Summarizes an error in one line: its type, the first line of its message and, when JCuda's
   * nested traces name a shared library that could not be opened, that library's line.
   */
  static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    Throwable c = t;
    int depth = 0;
    while (c != null && depth++ < 3) {
      if (sb.length() > 0) {
        sb.append("; caused by ");
      }
      sb.append(c.getClass().getSimpleName());
      String m = c.getMessage();
      if (m != null) {
        String first = m.strip().lines().findFirst().orElse("");
        sb.append(": ").append(first.length() > 200 ? first.substring(0, 200) + "..." : first);
        java.util.regex.Matcher lib = MISSING_LIBRARY.matcher(m);
        if (lib.find() && !first.contains(lib.group())) {
          sb.append(" (").append(lib.group().strip()).append(')');
        }
      }
      c = c.getCause();
    }
    return sb.toString();
  }

  static String versionText(int version) {
    return version <= 0 ? "unknown" : (version / 1000) + "." + (version % 1000) / 10;
  }

  /**
   * Tells whether CUDA can be used.
   *
   * @return true when there is no reason against it
   */
  public boolean available() {
    return reason == null;
  }
}
