package gradgraph.models.zoo;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Conv2d;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.MaxPool2d;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.ReLU;
import org.apache.commons.math3.random.Well19937c;

/**
 * The book's {@code SimpleConvNet} (chapter 7): {@code conv (30 filters 5×5) – ReLU – max-pool 2×2
 * – affine 100 – ReLU – affine 10}, weights drawn with standard deviation 0.01.
 *
 * <ul>
 *   <li>input: {@code [N, C, H, W]} ({@code [N, 1, 28, 28]} for MNIST)
 *   <li>parameters: {@code conv1.weight} {@code [30, C, 5, 5]}, {@code conv1.bias} {@code [30]},
 *       {@code fc1.weight} {@code [30·(H−4)/2·(W−4)/2, 100]}, {@code fc1.bias}, {@code fc2.weight}
 *       {@code [100, classes]}, {@code fc2.bias}
 *   <li>output: logits {@code [N, classes]}
 * </ul>
 */
public final class SimpleConvNet extends Module {
  private final Conv2d conv1;
  private final ReLU relu1;
  private final MaxPool2d pool1;
  private final ReLU relu2;
  private final Linear fc1;
  private final Linear fc2;

  /**
   * Creates the book's network for 1×28×28 images and 10 classes.
   *
   * @param seed the seed of the weights
   */
  public SimpleConvNet(long seed) {
    this(1, 28, 28, 30, 100, 10, seed);
  }

  /**
   * Creates a FLOAT32 network.
   *
   * @param channels input channels
   * @param height input height
   * @param width input width
   * @param filters convolution filters (the book's 30)
   * @param hidden hidden units (the book's 100)
   * @param classes classes
   * @param seed the seed of the weights
   */
  public SimpleConvNet(
      int channels, int height, int width, int filters, int hidden, int classes, long seed) {
    Errors.check(
        height >= 6 && width >= 6,
        "SimpleConvNet",
        "input",
        "images must be at least 6×6 for a 5×5 convolution and 2×2 pooling, got "
            + height
            + "×"
            + width);
    Well19937c rng = new Well19937c(seed);
    conv1 = register("conv1", new Conv2d(channels, filters, 5, 1, 0, Init.std(0.01), rng));
    relu1 = register("relu1", new ReLU());
    pool1 = register("pool1", new MaxPool2d(2));
    int flat = filters * ((height - 4) / 2) * ((width - 4) / 2);
    fc1 = register("fc1", new Linear(flat, hidden, Init.std(0.01), rng, DType.FLOAT32));
    relu2 = register("relu2", new ReLU());
    fc2 = register("fc2", new Linear(hidden, classes, Init.std(0.01), rng, DType.FLOAT32));
  }

  @Override
  protected Variable forward(Variable x) {
    Variable h = pool1.apply(relu1.apply(conv1.apply(x)));
    return fc2.apply(relu2.apply(fc1.apply(h)));
  }
}
