package gradgraph.core.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by tensors, kernels and ops: sizes, strides, broadcasting, axes. */
public final class Shapes {
  private Shapes() {}

  /**
   * Returns the number of elements of a shape.
   *
   * @param shape the shape (not modified)
   * @return the product of its dimensions; 1 for a scalar
   * @throws ShapeException if a dimension is negative or the product exceeds {@code 2^31-1}
   *     (computed exactly: no overflow can make a huge shape look small)
   */
  public static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new ShapeException("tensor: negative dimension in shape " + Arrays.toString(shape));
      }
    }
    for (int d : shape) {
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        throw new ShapeException(
            "tensor: shape "
                + Arrays.toString(shape)
                + " has more than 2^31-1 elements ("
                + exactProduct(shape)
                + ")");
      }
    }
    return n;
  }

  /** The exact product of non-negative dimensions, as text (for messages only). */
  private static String exactProduct(int[] shape) {
    java.math.BigInteger p = java.math.BigInteger.ONE;
    for (int d : shape) {
      p = p.multiply(java.math.BigInteger.valueOf(d));
    }
    return p.toString();
  }

  /**
   * Checks that a shape has no negative dimension.
   *
   * @param op the op name for the message
   * @param shape the shape
   * @return the same array
   */
  public static int[] checkShape(String op, int[] shape) {
    for (int d : shape) {
      if (d < 0) {
        throw new ShapeException(op + ": negative dimension in shape " + Arrays.toString(shape));
      }
    }
    return shape;
  }

  /**
   * Returns the row-major strides of a shape, in elements.
   *
   * @param shape the shape
   * @return strides, the last one 1
   */
  public static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  /**
   * Returns the NumPy broadcast of two shapes.
   *
   * @param op the op name for the error message
   * @param a one shape
   * @param b the other shape
   * @return the broadcast shape
   * @throws ShapeException when a dimension pair is neither equal nor has a 1
   */
  public static int[] broadcast(String op, int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw ShapeException.of(op, "shapes cannot be broadcast together", a, b);
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Checks that {@code from} broadcasts to exactly {@code to}.
   *
   * @param op the op name for the error message
   * @param from the source shape
   * @param to the target shape
   */
  public static void checkBroadcastable(String op, int[] from, int[] to) {
    if (from.length > to.length) {
      throw ShapeException.of(op, "cannot broadcast to a lower rank", from, to);
    }
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[i + off]) {
        throw ShapeException.of(op, "cannot broadcast", from, to);
      }
    }
  }

  /**
   * Strides for reading a tensor of shape {@code from} as if it had the broadcast shape {@code to}:
   * broadcast dimensions get stride 0.
   *
   * @param from the source shape, broadcastable to {@code to}
   * @param to the target shape
   * @return strides of length {@code to.length}
   */
  public static int[] broadcastStrides(int[] from, int[] to) {
    int[] src = strides(from);
    int[] out = new int[to.length];
    int off = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      out[i + off] = from[i] == 1 && to[i + off] != 1 ? 0 : src[i];
    }
    return out;
  }

  /**
   * Turns a possibly negative axis into an index in {@code [0, rank)}.
   *
   * @param op the op name for the error message
   * @param axis the axis, negative counting from the end
   * @param rank the tensor's rank
   * @return the normalized axis
   */
  public static int axis(String op, int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw Errors.illegalArgument(
          op, "axis", "axis " + axis + " is out of range for a tensor of rank " + rank);
    }
    return a;
  }

  /**
   * Normalizes a list of axes; an empty list means every axis.
   *
   * @param op the op name for the error message
   * @param axes the axes (not modified), negative counting from the end
   * @param rank the tensor's rank
   * @return a sorted, duplicate-free array of axes
   */
  public static int[] axes(String op, int[] axes, int rank) {
    if (axes == null || axes.length == 0) {
      int[] all = new int[rank];
      for (int i = 0; i < rank; i++) {
        all[i] = i;
      }
      return all;
    }
    boolean[] seen = new boolean[rank];
    for (int a : axes) {
      int n = axis(op, a, rank);
      if (seen[n]) {
        throw Errors.illegalArgument(
            op, "axes", "axis " + a + " repeated in " + Arrays.toString(axes));
      }
      seen[n] = true;
    }
    int[] out = new int[axes.length];
    int k = 0;
    for (int i = 0; i < rank; i++) {
      if (seen[i]) {
        out[k++] = i;
      }
    }
    return out;
  }

  /**
   * The shape after reducing over some axes.
   *
   * @param shape the input shape
   * @param axes normalized axes (see {@link #axes})
   * @param keepDims whether reduced axes stay as size 1
   * @return the reduced shape
   */
  public static int[] reduced(int[] shape, int[] axes, boolean keepDims) {
    boolean[] r = new boolean[shape.length];
    for (int a : axes) {
      r[a] = true;
    }
    int[] out = new int[keepDims ? shape.length : shape.length - axes.length];
    int k = 0;
    for (int i = 0; i < shape.length; i++) {
      if (r[i]) {
        if (keepDims) {
          out[k++] = 1;
        }
      } else {
        out[k++] = shape[i];
      }
    }
    return out;
  }

  /**
   * Resolves one {@code -1} in a reshape target and checks the element count.
   *
   * @param op the op name for the error message
   * @param from the current shape
   * @param to the requested shape, possibly with one {@code -1}
   * @return the concrete target shape
   */
  public static int[] reshape(String op, int[] from, int[] to) {
    int n = size(from);
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < to.length; i++) {
      if (to[i] == -1) {
        if (unknown >= 0) {
          throw new ShapeException(op + ": only one -1 allowed in " + Arrays.toString(to));
        }
        unknown = i;
      } else if (to[i] < 0) {
        throw new ShapeException(op + ": negative dimension in " + Arrays.toString(to));
      } else {
        known *= to[i];
      }
    }
    int[] out = to.clone();
    if (unknown >= 0) {
      if (known == 0 || n % known != 0) {
        throw ShapeException.of(op, "cannot infer -1 for " + n + " elements", from, to);
      }
      out[unknown] = (int) (n / known);
    } else if (known != n) {
      throw ShapeException.of(op, "element count differs (" + n + " vs " + known + ")", from, to);
    }
    return out;
  }
}
