package gradgraph.core;

/**
 * Grad mode: whether ops record the graph. Thread-local, on by default; switched in scopes that
 * nest and restore the previous state:
 *
 * <pre>{@code
 * try (Scope off = Grad.disabled()) {
 *   Variable y = model.forward(x); // inference: no graph kept
 * }
 * }</pre>
 */
public final class Grad {
  private static final ThreadLocal<boolean[]> ENABLED =
      ThreadLocal.withInitial(() -> new boolean[] {true});

  private Grad() {}

  /**
   * Tells whether ops on this thread record the graph.
   *
   * @return true unless inside {@link #disabled()}
   */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /**
   * Stops recording until the returned scope is closed.
   *
   * @return the scope
   */
  public static Scope disabled() {
    return set(false);
  }

  /**
   * Records again (inside a {@link #disabled()} block) until the returned scope is closed.
   *
   * @return the scope
   */
  public static Scope enabled() {
    return set(true);
  }

  private static Scope set(boolean on) {
    boolean[] state = ENABLED.get();
    boolean before = state[0];
    state[0] = on;
    return new Scope(() -> state[0] = before);
  }
}
