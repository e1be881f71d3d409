package gradgraph.distributed;

import java.io.Serializable;

/**
 * One task's share of a global batch, as plain arrays (engine classes are not serializable).
 *
 * @param x the examples, row-major
 * @param shape the shape of {@code x}, examples first
 * @param labels the class of each example
 * @param weight this slice's share of the global batch (its size over the batch size): the global
 *     loss is the weighted sum of the slices' mean losses
 * @param step the slice's batch within a round of parameter averaging (0 otherwise)
 */
record Slice(double[] x, int[] shape, int[] labels, double weight, int step)
    implements Serializable {}
