package gradgraph.models.zoo;

import gradgraph.core.Variable;
import gradgraph.models.init.Init;
import gradgraph.models.nn.BatchNorm;
import gradgraph.models.nn.Conv2d;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.MaxPool2d;
import gradgraph.models.nn.Module;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A small residual network, written the way a user writes a custom model (docs/models.md shows this
 * file as the "write your own model" example): a stem convolution, two residual blocks {@code x +
 * conv–bn–relu–conv–bn(x)} separated by pooling, and a linear classifier.
 *
 * <ul>
 *   <li>input: {@code [N, 1, 28, 28]}
 *   <li>parameters: {@code stem.*}, {@code block1.*}, {@code block2.*}, {@code head.*}
 *   <li>output: logits {@code [N, 10]}
 * </ul>
 */
public final class ResidualNet extends Module {
  /** {@code relu(x + bn2(conv2(relu(bn1(conv1(x))))))}: the shape stays {@code [N, C, H, W]}. */
  public static final class ResidualBlock extends Module {
    private final Conv2d conv1;
    private final BatchNorm bn1;
    private final Conv2d conv2;
    private final BatchNorm bn2;

    /**
     * Creates a block.
     *
     * @param channels channels in and out
     * @param rng the generator of the weights
     */
    public ResidualBlock(int channels, RandomGenerator rng) {
      conv1 = register("conv1", new Conv2d(channels, channels, 3, 1, 1, Init.he(), rng));
      bn1 = register("bn1", new BatchNorm(channels));
      conv2 = register("conv2", new Conv2d(channels, channels, 3, 1, 1, Init.he(), rng));
      bn2 = register("bn2", new BatchNorm(channels));
    }

    @Override
    protected Variable forward(Variable x) {
      Variable h = Ops.relu(bn1.apply(conv1.apply(x)));
      h = bn2.apply(conv2.apply(h));
      return Ops.relu(h.add(x)); // the skip connection
    }
  }

  private final Conv2d stem;
  private final ResidualBlock block1;
  private final MaxPool2d pool1;
  private final ResidualBlock block2;
  private final MaxPool2d pool2;
  private final Linear head;

  /**
   * Creates the network.
   *
   * @param channels channels of the blocks, e.g. 8
   * @param seed the seed of the weights
   */
  public ResidualNet(int channels, long seed) {
    Well19937c rng = new Well19937c(seed);
    stem = register("stem", new Conv2d(1, channels, 3, 1, 1, Init.he(), rng));
    block1 = register("block1", new ResidualBlock(channels, rng));
    pool1 = register("pool1", new MaxPool2d(2)); // 28 -> 14
    block2 = register("block2", new ResidualBlock(channels, rng));
    pool2 = register("pool2", new MaxPool2d(2)); // 14 -> 7
    head = register("head", new Linear(channels * 7 * 7, 10, Init.he(), rng));
  }

  @Override
  protected Variable forward(Variable x) {
    Variable h = Ops.relu(stem.apply(x));
    h = pool1.apply(block1.apply(h));
    h = pool2.apply(block2.apply(h));
    return head.apply(h); // Linear flattens [N, C, 7, 7] to [N, C·49]
  }
}
