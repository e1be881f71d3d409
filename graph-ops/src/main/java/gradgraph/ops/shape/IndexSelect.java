package gradgraph.ops.shape;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Picks entries along one axis, {@code out[..., j, ...] = x[..., index[j], ...]} (repeats allowed;
 * {@code selectRows} is axis 0). Backward: {@link IndexAdd}, which accumulates repeated indices.
 */
public final class IndexSelect extends Op {
  private final int axis;
  private final int[] index;
  private int[] inShape;
  private int normalized;

  /**
   * Creates the op.
   *
   * @param axis the axis, negative counting from the end
   * @param index the indices into that axis
   */
  public IndexSelect(int axis, int[] index) {
    this.axis = axis;
    this.index = index.clone();
  }

  /**
   * Checks indices against an axis length.
   *
   * @param op the op name for the message
   * @param index the indices
   * @param length the axis length
   */
  public static void checkIndex(String op, int[] index, int length) {
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= length) {
        throw Errors.illegalArgument(
            op, "index", "index[" + i + "] = " + index[i] + " is out of range [0, " + length + ")");
      }
    }
  }

  /**
   * Reads a tensor of integer-valued numbers (token ids, of any shape) as indices, row-major, and
   * checks each against an axis length.
   *
   * @param op the op or layer name for the message
   * @param ids the ids, any dtype, any shape
   * @param length the axis length (the vocabulary size for an embedding)
   * @return the ids as ints, row-major
   * @throws IllegalArgumentException naming {@code op}, the id's position and value and {@code
   *     length}, when an id is not a whole number or is out of range
   */
  public static int[] indices(String op, Tensor ids, int length) {
    double[] d = ids.toDoubleArray();
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      if (d[i] != Math.rint(d[i]) || d[i] < 0 || d[i] >= length) {
        throw Errors.illegalArgument(
            op,
            "ids",
            "id "
                + (d[i] == Math.rint(d[i]) ? String.valueOf((long) d[i]) : String.valueOf(d[i]))
                + " at flat position "
                + i
                + " of "
                + Errors.shape(ids.shape())
                + (d[i] == Math.rint(d[i]) ? " is out of range" : " is not a whole number")
                + " for a vocabulary of "
                + length
                + " (ids must be in [0, "
                + length
                + "))");
      }
      out[i] = (int) d[i];
    }
    return out;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inShape = x[0].shape();
    normalized = Shapes.axis("indexSelect", axis, inShape.length);
    checkIndex("indexSelect", index, inShape[normalized]);
    return x[0].device().kernels().indexSelect(x[0], normalized, index.clone());
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new IndexAdd(inShape, normalized, index).apply(gy)};
  }

  @Override
  public String symbol() {
    return "select";
  }

  @Override
  public String attributes() {
    return "axis=" + axis + ", index=" + Arrays.toString(index);
  }
}
