package gradgraph.core.device;

import gradgraph.core.tensor.Tensor;

/**
 * The result of {@link Kernels#maxPool2dRecording}: the pooled output and, when the backend keeps
 * it, which element of each window won, so that {@link Kernels#maxPool2dBackward(Tensor, Tensor,
 * int, int, int, int, Pooled)} routes gradients without searching the windows again. The record is
 * opaque: only the kernels that made it read it.
 */
public final class Pooled {
  private final Tensor output;
  // per window, row-major window position of the winner (0..3 for the 2×2 pool); CPU only
  final byte[] winners;

  Pooled(Tensor output, byte[] winners) {
    this.output = output;
    this.winners = winners;
  }

  /**
   * Wraps an output for which no winners were recorded (the backward searches the windows).
   *
   * @param output the pooled output
   * @return the result
   */
  public static Pooled of(Tensor output) {
    return new Pooled(output, null);
  }

  /**
   * Returns the pooled output {@code (N, C, OH, OW)}.
   *
   * @return the output
   */
  public Tensor output() {
    return output;
  }

  /**
   * Tells whether the winners were recorded.
   *
   * @return true when the backward can use them
   */
  public boolean recorded() {
    return winners != null;
  }
}
