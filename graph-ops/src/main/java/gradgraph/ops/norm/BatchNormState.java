package gradgraph.ops.norm;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;

/**
 * The running statistics of a batch-normalization layer, updated by each training forward and used
 * in evaluation. Momentum follows the book (and Keras): {@code running = momentum · running + (1 −
 * momentum) · batch}, so 0.9 keeps 90 % of the old value (PyTorch's {@code momentum=0.1} is the
 * same update). The variance kept is the biased batch variance (divided by the count), as in the
 * book. The statistics start as mean 0 and variance 1 on the first call, in that call's dtype and
 * device. Mutable; not thread-safe.
 */
public final class BatchNormState {
  /** The default momentum, as in the book. */
  public static final double DEFAULT_MOMENTUM = 0.9;

  /** The default epsilon added to the variance. */
  public static final double DEFAULT_EPS = 1e-5;

  private final double momentum;
  private final double eps;
  private Tensor runningMean;
  private Tensor runningVar;

  /** Creates a state with momentum 0.9 and epsilon 1e-5. */
  public BatchNormState() {
    this(DEFAULT_MOMENTUM, DEFAULT_EPS);
  }

  /**
   * Creates a state.
   *
   * @param momentum the fraction of the running value kept at each update, in {@code [0, 1]}
   * @param eps added to the variance before the square root, {@code > 0}
   */
  public BatchNormState(double momentum, double eps) {
    Errors.check(
        momentum >= 0 && momentum <= 1,
        "batchNorm",
        "momentum",
        "must be in [0, 1], got " + momentum);
    Errors.check(eps > 0, "batchNorm", "eps", "must be > 0, got " + eps);
    this.momentum = momentum;
    this.eps = eps;
  }

  /**
   * Returns the momentum.
   *
   * @return the fraction of the running value kept per update
   */
  public double momentum() {
    return momentum;
  }

  /**
   * Returns epsilon.
   *
   * @return the value added to the variance
   */
  public double eps() {
    return eps;
  }

  /**
   * Returns the running mean.
   *
   * @return a {@code [features]} tensor, or null before the first use
   */
  public Tensor runningMean() {
    return runningMean;
  }

  /**
   * Returns the running variance.
   *
   * @return a {@code [features]} tensor, or null before the first use
   */
  public Tensor runningVar() {
    return runningVar;
  }

  /**
   * Replaces the running statistics (loading a checkpoint).
   *
   * @param mean the running mean {@code [features]}
   * @param var the running variance, same shape
   */
  public void set(Tensor mean, Tensor var) {
    if (!mean.sameShape(var) || mean.rank() != 1) {
      throw Errors.illegalArgument(
          "batchNorm",
          "state",
          "mean and var must be 1-D of the same shape, got "
              + java.util.Arrays.toString(mean.shape())
              + " and "
              + java.util.Arrays.toString(var.shape()));
    }
    this.runningMean = mean;
    this.runningVar = var;
  }

  /** Creates or checks the statistics for {@code features} channels. */
  void ensure(int features, Tensor like) {
    if (runningMean == null) {
      DType dt = like.dtype();
      runningMean = Tensor.zeros(dt, features).to(like.device());
      runningVar = Tensor.ones(dt, features).to(like.device());
    } else if (runningMean.size() != features) {
      throw Errors.illegalArgument(
          "batchNorm",
          "state",
          "holds statistics for " + runningMean.size() + " features, the input has " + features);
    }
  }

  /** Blends in a batch's statistics. */
  void update(Tensor mean, Tensor var) {
    runningMean = runningMean.mul(momentum).add(mean.to(runningMean.dtype()).mul(1 - momentum));
    runningVar = runningVar.mul(momentum).add(var.to(runningVar.dtype()).mul(1 - momentum));
  }

  @Override
  public String toString() {
    return "BatchNormState(momentum=" + momentum + ", eps=" + eps + ")";
  }
}
