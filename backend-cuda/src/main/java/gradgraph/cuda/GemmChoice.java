package gradgraph.cuda;

import java.util.Locale;

/**
 * Which GEMM matrix products use on a CUDA device, chosen with the system property {@value
 * CudaBackend#GEMM_PROPERTY}: {@code auto} (the default), {@code cublas} or {@code ptx}.
 */
public enum GemmChoice {
  /** cuBLAS when it loads, else Gradgraph's PTX GEMM. */
  AUTO,
  /** cuBLAS only: a cuBLAS that does not load makes CUDA unavailable, with the reason. */
  CUBLAS,
  /** Gradgraph's PTX GEMM ({@code gemm.cu}), cuBLAS not loaded. */
  PTX;

  /**
   * Parses a property value.
   *
   * @param value {@code auto}, {@code cublas} or {@code ptx} (any case), or null for {@link #AUTO}
   * @return the choice
   * @throws IllegalArgumentException naming the property and the value otherwise
   */
  public static GemmChoice parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "auto":
        return AUTO;
      case "cublas":
        return CUBLAS;
      case "ptx":
        return PTX;
      default:
        throw new IllegalArgumentException(
            CudaBackend.GEMM_PROPERTY + ": '" + value + "' is not one of auto, cublas, ptx");
    }
  }
}
