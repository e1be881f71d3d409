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
}
