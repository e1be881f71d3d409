package gradgraph.models.zoo;

import gradgraph.core.tensor.Errors;
import gradgraph.models.nn.Module;
import java.util.List;
import java.util.Locale;

/**
 * Creates the ready-made models by the names the command line uses: {@code two-layer}, {@code mlp},
 * {@code cnn}, {@code deep-cnn}, {@code resnet}.
 */
public final class Zoo {
  private Zoo() {}

  /**
   * Lists the model names.
   *
   * @return the names
   */
  public static List<String> names() {
    return List.of("two-layer", "mlp", "cnn", "deep-cnn", "resnet");
  }

  /**
   * Creates a model for inputs of a given shape.
   *
   * @param name one of {@link #names()}
   * @param exampleShape one example's shape: {@code [1, 28, 28]} for images, {@code [2]} for points
   * @param classes the number of classes
   * @param seed the seed of the weights
   * @return the model
   * @throws IllegalArgumentException for an unknown name, or a convolutional model on non-image
   *     data
   */
  public static Module create(String name, int[] exampleShape, int classes, long seed) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    int features = gradgraph.core.tensor.Shapes.size(exampleShape);
    switch (n) {
      case "two-layer":
        return new TwoLayerNet(features, 50, classes, seed);
      case "mlp":
        return new Mlp(Mlp.Config.of(features, classes, seed, 100, 100));
      case "cnn":
        requireImage(n, exampleShape, false);
        return new SimpleConvNet(
            exampleShape[0], exampleShape[1], exampleShape[2], 30, 100, classes, seed);
      case "deep-cnn":
        requireImage(n, exampleShape, true);
        Errors.check(classes == 10, "model deep-cnn", "classes", "needs 10, got " + classes);
        return new DeepConvNet(seed);
      case "resnet":
        requireImage(n, exampleShape, true);
        Errors.check(classes == 10, "model resnet", "classes", "needs 10, got " + classes);
        return new ResidualNet(8, seed);
      default:
        throw Errors.illegalArgument(
            "model", "name", "'" + name + "' is not one of " + String.join(", ", names()));
    }
  }

  private static void requireImage(String name, int[] shape, boolean mnistOnly) {
    boolean image = shape.length == 3;
    if (mnistOnly) {
      image = image && shape[0] == 1 && shape[1] == 28 && shape[2] == 28;
    }
    if (!image) {
      throw Errors.illegalArgument(
          "model " + name,
          "data",
          "needs images of shape "
              + (mnistOnly ? "[1, 28, 28]" : "[C, H, W]")
              + ", got examples of shape "
              + java.util.Arrays.toString(shape)
              + "; use --model mlp or two-layer for this data");
    }
  }
}
