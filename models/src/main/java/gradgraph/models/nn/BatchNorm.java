package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;
import gradgraph.ops.norm.BatchNormState;

/**
 * Batch normalization (the book's {@code BatchNormalization}), over the batch for {@code [N, D]}
 * inputs and per channel (over N, H, W) for {@code [N, C, H, W]} inputs. In training mode ({@link
 * Mode}) it normalizes with the batch's statistics and updates the running ones; in evaluation mode
 * it uses the running ones.
 *
 * <ul>
 *   <li>input: {@code [N, D]} or {@code [N, C, H, W]} with {@code D} or {@code C} = features
 *   <li>parameters: {@code gamma} {@code [features]} (ones), {@code beta} {@code [features]}
 *       (zeros), neither decayed; buffers {@code runningMean}, {@code runningVar} {@code
 *       [features]}
 *   <li>output: the input's shape
 * </ul>
 */
public final class BatchNorm extends Module {
  private final int features;
  private final double momentum;
  private final double eps;
  private final Parameter gamma;
  private final Parameter beta;
  private final BatchNormState state;

  /**
   * Creates a FLOAT32 layer with the book's momentum 0.9 and epsilon 1e-7.
   *
   * @param features the feature or channel count
   */
  public BatchNorm(int features) {
    this(features, 0.9, 1e-7, DType.FLOAT32);
  }

  /**
   * Creates a FLOAT32 layer with the book's momentum 0.9 and the given epsilon (PyTorch uses 1e-5).
   *
   * @param features the feature or channel count
   * @param eps added to the variance, {@code > 0}
   */
  public BatchNorm(int features, double eps) {
    this(features, 0.9, eps, DType.FLOAT32);
  }

  /**
   * Creates a layer.
   *
   * @param features the feature or channel count
   * @param momentum the running statistics' momentum in {@code [0, 1)}: {@code running = m·running
   *     + (1 − m)·batch}
   * @param eps added to the variance, {@code > 0}
   * @param dtype the parameters' element type
   */
  public BatchNorm(int features, double momentum, double eps, DType dtype) {
    Errors.check(features > 0, "BatchNorm", "features", "must be > 0, got " + features);
    Errors.check(eps > 0 && Double.isFinite(eps), "BatchNorm", "eps", "must be > 0, got " + eps);
    Errors.check(
        momentum >= 0 && momentum < 1,
        "BatchNorm",
        "momentum",
        "must be in [0, 1), got " + momentum);
    this.features = features;
    this.momentum = momentum;
    this.eps = eps;
    this.gamma = register("gamma", new Parameter(Tensor.ones(dtype, features), "gamma", false));
    this.beta = register("beta", new Parameter(Tensor.zeros(dtype, features), "beta", false));
    this.state = new BatchNormState(momentum, eps);
    state.set(Tensor.zeros(dtype, features), Tensor.ones(dtype, features));
    registerBuffer("runningMean", state::runningMean, t -> state.set(t, state.runningVar()));
    registerBuffer("runningVar", state::runningVar, t -> state.set(state.runningMean(), t));
  }

  @Override
  protected Variable forward(Variable x) {
    if ((x.rank() != 2 && x.rank() != 4) || x.shape()[1] != features) {
      throw Errors.illegalArgument(
          "BatchNorm",
          "x",
          "expected [N, "
              + features
              + "] or [N, "
              + features
              + ", H, W], got "
              + Errors.shape(x.shape()));
    }
    return Ops.batchNorm(x, gamma, beta, state, Mode.isTraining());
  }

  @Override
  protected String describe() {
    return "BatchNorm(" + features + ", momentum " + momentum + ", eps " + eps + ")";
  }
}
