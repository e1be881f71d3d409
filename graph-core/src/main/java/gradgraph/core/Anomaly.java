package gradgraph.core;

import gradgraph.core.device.ReduceOp;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/**
 * Anomaly mode, like PyTorch's {@code detect_anomaly}: while on, each op remembers where in user
 * code it was recorded, and a NaN or infinity produced by an op's forward or backward stops the run
 * with an {@link AnomalyException} naming the op, its input shapes and that place.
 *
 * <pre>{@code
 * try (Scope s = Anomaly.detect()) {
 *   loss.backward();
 * }
 * }</pre>
 */
public final class Anomaly {
  private static final ThreadLocal<boolean[]> ON = ThreadLocal.withInitial(() -> new boolean[1]);

  private Anomaly() {}

  /**
   * Turns anomaly detection on until the scope is closed. It costs a stack trace per op and a check
   * per tensor, so use it to debug, not to train.
   *
   * @return the scope
   */
  public static Scope detect() {
    boolean[] s = ON.get();
    boolean before = s[0];
    s[0] = true;
    return new Scope(() -> s[0] = before);
  }

  /**
   * Tells whether anomaly detection is on for this thread.
   *
   * @return true inside {@link #detect()}
   */
  public static boolean isEnabled() {
    return ON.get()[0];
  }

  /**
   * Tells whether every element is finite, on any device.
   *
   * @param t the tensor
   * @return false when some element is NaN or infinite
   */
  public static boolean allFinite(Tensor t) {
    // x * 0 is 0 for finite x and NaN otherwise, so the sum is finite exactly when all x are.
    return Double.isFinite(t.map(UnaryOp.MUL_SCALAR, 0).reduce(ReduceOp.SUM, false).item());
  }
}
