package gradgraph.core;

/** Thrown in {@link Anomaly} mode when an op produces a NaN or an infinity. */
public class AnomalyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened: op, phase, input shapes, and where the op was recorded
   */
  public AnomalyException(String message) {
    super(message);
  }
}
