package gradgraph.models.zoo;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Conv2d;
import gradgraph.models.nn.Dropout;
import gradgraph.models.nn.Flatten;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.MaxPool2d;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.ReLU;
import gradgraph.models.nn.Sequential;
import org.apache.commons.math3.random.Well19937c;

/**
 * The book's VGG-like {@code DeepConvNet} (chapter 8), for 1×28×28 images: 3×3 convolutions {@code
 * 16, 16 | pool | 32, 32 | pool | 64, 64 | pool}, each followed by ReLU, then {@code affine 50 –
 * ReLU – dropout 0.5 – affine 10 – dropout 0.5}; He initialization. The fourth convolution pads by
 * 2 (as in the book), so the last pooling leaves 64×4×4.
 *
 * <ul>
 *   <li>input: {@code [N, 1, 28, 28]}
 *   <li>parameters: {@code layers.conv1.weight} {@code [16, 1, 3, 3]} ... {@code
 *       layers.conv6.weight} {@code [64, 64, 3, 3]} with biases, {@code layers.fc1.weight} {@code
 *       [1024, 50]}, {@code layers.fc2.weight} {@code [50, 10]} with biases
 *   <li>output: logits {@code [N, 10]}
 * </ul>
 */
public final class DeepConvNet extends Module {
  private final Sequential layers;

  /**
   * Creates the network in FLOAT32.
   *
   * @param seed the seed of the weights and the dropout masks
   */
  public DeepConvNet(long seed) {
    this(new int[] {16, 16, 32, 32, 64, 64}, 50, 0.5, seed);
  }

  /**
   * Creates a narrower or wider variant (gradient checks use a narrow one).
   *
   * @param widths the filters of the six convolutions (the book's 16, 16, 32, 32, 64, 64)
   * @param hidden the hidden units (the book's 50)
   * @param dropout the drop probability (the book's 0.5)
   * @param seed the seed of the weights and the dropout masks
   */
  public DeepConvNet(int[] widths, int hidden, double dropout, long seed) {
    Errors.check(
        widths.length == 6, "DeepConvNet", "widths", "needs 6 entries, got " + widths.length);
    Well19937c rng = new Well19937c(seed);
    int[] pads = {1, 1, 1, 2, 1, 1};
    Sequential s = new Sequential();
    for (int i = 0; i < 6; i++) {
      int in = i == 0 ? 1 : widths[i - 1];
      s.add("conv" + (i + 1), new Conv2d(in, widths[i], 3, 1, pads[i], Init.he(), rng));
      s.add("relu" + (i + 1), new ReLU());
      if (i % 2 == 1) {
        s.add("pool" + (i / 2 + 1), new MaxPool2d(2));
      }
    }
    s.add("flatten", new Flatten());
    s.add("fc1", new Linear(widths[5] * 4 * 4, hidden, Init.he(), rng, DType.FLOAT32));
    s.add("relu7", new ReLU());
    s.add("drop1", new Dropout(dropout, seed * 31 + 1));
    s.add("fc2", new Linear(hidden, 10, Init.he(), rng, DType.FLOAT32));
    s.add("drop2", new Dropout(dropout, seed * 31 + 2));
    layers = register("layers", s);
  }

  /**
   * Returns the layers in order ({@code conv1, relu1, conv2, relu2, pool1, ..., fc2, drop2}), for
   * running or inspecting the network layer by layer; they are the network's own modules, not
   * copies.
   *
   * @return the network's {@link Sequential}, registered as {@code layers}
   */
  public Sequential layers() {
    return layers;
  }

  @Override
  protected Variable forward(Variable x) {
    return layers.apply(x);
  }
}
