package gradgraph.models.cli;

import gradgraph.core.device.ComputePool;
import gradgraph.core.tensor.Errors;
import picocli.CommandLine.Option;

/**
 * The {@code --threads N} option of {@code train} and {@code demo}: sets the size of the compute
 * pool ({@link ComputePool#setThreads}) before the command runs. Without it the pool keeps its size
 * (all cores, or {@code -Dgradgraph.threads}, which the launcher sets from {@code
 * GRADGRAPH_THREADS}).
 */
final class ThreadsOption {
  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Compute threads of the CPU kernels (default: all cores, or GRADGRAPH_THREADS).")
  Integer threads;

  /** Applies the option, if given; a value below 1 is a usage error. */
  void apply() {
    if (threads != null) {
      Errors.check(threads >= 1, "--threads", "N", "must be at least 1, got " + threads);
      ComputePool.setThreads(threads);
    }
  }
}
