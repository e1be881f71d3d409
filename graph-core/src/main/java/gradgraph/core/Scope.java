package gradgraph.core;

/**
 * A mode switched on for a block: closing it restores what was there before. Used by {@link Grad},
 * {@link Anomaly}, {@link NameScope} and the train/eval mode in models.
 *
 * <pre>{@code
 * try (Scope off = Grad.disabled()) {
 *   // nothing recorded here
 * }
 * }</pre>
 */
public final class Scope implements AutoCloseable {
  private final Runnable restore;
  private boolean closed;

  /**
   * Creates a scope that runs {@code restore} once when closed.
   *
   * @param restore what puts the previous mode back
   */
  public Scope(Runnable restore) {
    this.restore = restore;
  }

  /** Restores the previous mode; closing twice does nothing. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      restore.run();
    }
  }
}
