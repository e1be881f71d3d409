package gradgraph.models.data;

import gradgraph.core.tensor.Tensor;

/**
 * One mini-batch: inputs {@code x} of shape {@code [B, ...]} and their {@code B} class labels.
 *
 * <p>The label array is owned by the batch; callers may read it but should not modify it.
 *
 * @param x the inputs, {@code [B, ...]}, the dataset's dtype and device
 * @param labels the class of each row of {@code x}
 */
public record Batch(Tensor x, int[] labels) {
  /**
   * Checks that there is one label per row.
   *
   * @param x the inputs
   * @param labels the labels
   */
  public Batch {
    if (x.rank() == 0 || x.dim(0) != labels.length) {
      throw new IllegalArgumentException(
          "Batch: labels: "
              + labels.length
              + " labels for inputs of shape "
              + java.util.Arrays.toString(x.shape()));
    }
  }

  /**
   * Returns the number of examples.
   *
   * @return {@code B}
   */
  public int size() {
    return labels.length;
  }
}
