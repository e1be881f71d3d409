package gradgraph.models.nn;

import gradgraph.core.Scope;

/**
 * Train/eval mode: a thread-local switch, as {@code Grad} is for recording, read by the layers that
 * behave differently at test time ({@link Dropout}, {@link BatchNorm}). Training is the default, as
 * in DeZero; evaluation is a scope that restores what was there before:
 *
 * <pre>{@code
 * try (Scope s = Mode.eval()) {
 *   Variable logits = model.apply(x); // no dropout, running batch-norm statistics
 * }
 * }</pre>
 *
 * <p>A thread-local mode (rather than a flag on each module, as in PyTorch) means one scope covers
 * every module, custom ones included, and a forgotten {@code model.train()} cannot leak out of an
 * evaluation.
 */
public final class Mode {
  private static final ThreadLocal<boolean[]> TRAINING =
      ThreadLocal.withInitial(() -> new boolean[] {true});

  private Mode() {}

  /**
   * Tells whether layers on this thread run in training mode.
   *
   * @return true unless inside {@link #eval()}
   */
  public static boolean isTraining() {
    return TRAINING.get()[0];
  }

  /**
   * Switches to evaluation mode until the scope is closed.
   *
   * @return the scope
   */
  public static Scope eval() {
    return set(false);
  }

  /**
   * Switches to training mode until the scope is closed (inside an {@link #eval()} block).
   *
   * @return the scope
   */
  public static Scope train() {
    return set(true);
  }

  private static Scope set(boolean on) {
    boolean[] state = TRAINING.get();
    boolean before = state[0];
    state[0] = on;
    return new Scope(() -> state[0] = before);
  }
}
