package gradgraph.core.tensor;

/** Element type of a {@link Tensor}. */
public enum DType {
  /** 32-bit IEEE float: the default for training. */
  FLOAT32(4),
  /** 64-bit IEEE double: used by gradient checks and where precision matters. */
  FLOAT64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns the size of one element in bytes.
   *
   * @return 4 or 8
   */
  public int bytes() {
    return bytes;
  }

  /**
   * Returns the wider of two dtypes, the result type of a binary op (NumPy's promotion).
   *
   * @param a one dtype
   * @param b the other dtype
   * @return {@code FLOAT64} if either is {@code FLOAT64}, else {@code FLOAT32}
   */
  public static DType promote(DType a, DType b) {
    return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
  }
}
