package gradgraph.models.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): 28×28 grey images of 10 kinds of clothing from
 * Zalando's catalogue, 60 000 for training and 10 000 for testing, MIT-licensed, © Zalando SE. A
 * drop-in replacement for MNIST that is harder to fit.
 *
 * <p>{@link #load(DataOptions)} finds the full data set as {@link IdxDatasets} describes (data
 * directory, {@code ~/.gradgraph/datasets/fashion-mnist}, the Debian package's {@code
 * /usr/share/datasets/fashion-mnist}, a verified download). {@link #sample()} needs nothing: 2 000
 * training and 500 test images (200 and 50 per class) ship inside the jar, so demos and tests run
 * without data and without a network.
 */
public final class FashionMnist {
  private FashionMnist() {}

  /** Class names, indexed by label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Where the bundled sample lies on the class path. */
  public static final String SAMPLE_RESOURCE = "gradgraph/datasets/fashion-mnist-sample";

  /**
   * The data set's files: the mirrors torchvision and the authors use, and the SHA-256 of the files
   * they serve.
   */
  public static final IdxDatasetSpec SPEC =
      new IdxDatasetSpec(
          "fashion-mnist",
          CLASS_NAMES,
          IdxDatasets.uris(
              "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
              "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
          Map.of(
              IdxDatasetSpec.TRAIN_IMAGES,
              "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc",
              IdxDatasetSpec.TRAIN_LABELS,
              "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc",
              IdxDatasetSpec.TEST_IMAGES,
              "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229",
              IdxDatasetSpec.TEST_LABELS,
              "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf"),
          List.of(Path.of("/usr/share/datasets/fashion-mnist")));

  /**
   * Loads the full data set with the default lookup (downloads allowed, progress on standard
   * error).
   *
   * @return the training and test sets, images {@code [N, 1, 28, 28]} in {@code [0, 1]}
   * @throws IOException if the data cannot be found, downloaded or read
   */
  public static IdxDatasets.TrainTest load() throws IOException {
    return load(DataOptions.defaults());
  }

  /**
   * Loads the full data set.
   *
   * @param options where to look and whether to download
   * @return the training and test sets, images {@code [N, 1, 28, 28]} in {@code [0, 1]}
   * @throws IOException if the data cannot be found, downloaded or read
   */
  public static IdxDatasets.TrainTest load(DataOptions options) throws IOException {
    return IdxDatasets.load(SPEC, options);
  }

  /**
   * Loads the sample bundled in the jar: 2 000 training and 500 test images, 10 classes in equal
   * numbers.
   *
   * @return the training and test sets, named {@code fashion-mnist-sample/train} and {@code /test}
   */
  public static IdxDatasets.TrainTest sample() {
    try {
      return IdxDatasets.loadResources(SPEC, SAMPLE_RESOURCE, "fashion-mnist-sample");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("the bundled Fashion-MNIST sample is unreadable", e);
    }
  }
}
