package gradgraph.models.train;

/**
 * Training produced NaN or infinity: a loss that is not finite, or weights that are not and so must
 * not replace a good checkpoint. The message says where (epoch, iteration, tensor) and what to try;
 * the command line turns it into exit code 1.
 */
public class DivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what diverged, where, and what to try
   */
  public DivergedException(String message) {
    super(message);
  }

  /**
   * The exception for a loss that is not finite, naming where it happened and what to try.
   *
   * @param loss the loss (NaN or infinite)
   * @param epoch the epoch, from 1
   * @param iteration the iteration within the epoch, from 1
   * @param perEpoch the iterations per epoch
   * @param lr the learning rate of that step
   * @return the exception
   */
  public static DivergedException at(
      double loss, int epoch, int iteration, int perEpoch, double lr) {
    return new DivergedException(
        String.format(
            java.util.Locale.ROOT,
            "training diverged: the loss is %s at epoch %d, iteration %d of %d (learning rate"
                + " %s); stopped before the next checkpoint. Try a lower learning rate, gradient"
                + " clipping, or Anomaly.detect() to find the op that made it",
            loss,
            epoch,
            iteration,
            perEpoch,
            lr));
  }
}
