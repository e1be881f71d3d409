package gradgraph.cuda;

import gradgraph.cuda.driver.CudaCallException;

/** Turns driver and cuBLAS error codes into messages that say what happened and what to do. */
final class CudaErrors {
  /** What every "cannot use CUDA" message ends with. */
  static final String CPU_HINT =
      "To run on the CPU instead, use Device.CPU in code or --device cpu on the command line.";

  private CudaErrors() {}

  /**
   * Explains a failed call made by an op.
   *
   * @param op the kernel method, e.g. {@code matmul}
   * @param device the device, e.g. {@code cuda:0}
   * @param e the failure
   * @return the exception to throw
   */
  static RuntimeException translate(String op, String device, CudaCallException e) {
    String what = op + " on " + device + ": " + e.call() + " failed with " + e.codeName();
    String advice;
    if (e.isCublas()) {
      advice =
          "cuBLAS refused the product; check that the GPU has memory left and that libcublas.so.12"
              + " matches the driver";
    } else {
      advice =
          switch (e.code()) {
            case CudaCallException.OUT_OF_MEMORY ->
                "the GPU is out of memory; free device tensors sooner with CudaScope or use smaller"
                    + " batches";
            case CudaCallException.INVALID_PTX, CudaCallException.UNSUPPORTED_PTX_VERSION ->
                "the driver rejected Gradgraph's PTX (ISA 7.8, compute_75): it needs an NVIDIA"
                    + " driver for CUDA 12 or newer and a GPU of compute capability 7.5 or newer";
            case CudaCallException.LAUNCH_FAILED, 700, 701, 702, 716, 717, 718, 720 ->
                "the kernel failed and the CUDA context is now unusable; restart the JVM. This is a"
                    + " bug in Gradgraph's CUDA backend: please report it with the shapes involved";
            case CudaCallException.NOT_INITIALIZED ->
                "the driver was not initialized; this is a bug in the backend's start-up";
            default -> "see the CUDA driver documentation for " + e.codeName();
          };
    }
    return new CudaException(what + ": " + advice + ". " + CPU_HINT, e);
  }
}
