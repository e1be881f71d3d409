package gradgraph.models.data;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * MNIST (LeCun, Cortes and Burges): 28×28 grey images of handwritten digits, 60 000 for training
 * and 10 000 for testing — the book's data set. Found as {@link IdxDatasets} describes, in {@code
 * --data-dir} or {@code ~/.gradgraph/datasets/mnist}, or downloaded from the mirror torchvision
 * uses with SHA-256 verification.
 */
public final class Mnist {
  private Mnist() {}

  /** The data set's files, mirrors and hashes. */
  public static final IdxDatasetSpec SPEC =
      new IdxDatasetSpec(
          "mnist",
          List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
          IdxDatasets.uris(
              "https://ossci-datasets.s3.amazonaws.com/mnist/",
              "https://storage.googleapis.com/cvdf-datasets/mnist/"),
          Map.of(
              IdxDatasetSpec.TRAIN_IMAGES,
              "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
              IdxDatasetSpec.TRAIN_LABELS,
              "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
              IdxDatasetSpec.TEST_IMAGES,
              "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
              IdxDatasetSpec.TEST_LABELS,
              "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
          List.of());

  /**
   * Loads MNIST.
   *
   * @param options where to look and whether to download
   * @return the training and test sets, images {@code [N, 1, 28, 28]} in {@code [0, 1]}
   * @throws IOException if the data cannot be found, downloaded or read
   */
  public static IdxDatasets.TrainTest load(DataOptions options) throws IOException {
    return IdxDatasets.load(SPEC, options);
  }
}
