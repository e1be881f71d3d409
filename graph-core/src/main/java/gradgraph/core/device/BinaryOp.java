package gradgraph.core.device;

/** Elementwise functions of two broadcast operands. Comparisons give 1 or 0. */
public enum BinaryOp {
  /** {@code a + b}. */
  ADD,
  /** {@code a - b}. */
  SUB,
  /** {@code a * b}. */
  MUL,
  /** {@code a / b}. */
  DIV,
  /** {@code a ^ b}. */
  POW,
  /** {@code max(a, b)}. */
  MAXIMUM,
  /** {@code min(a, b)}. */
  MINIMUM,
  /** {@code a > b ? 1 : 0}. */
  GT,
  /** {@code a >= b ? 1 : 0}. */
  GE,
  /** {@code a == b ? 1 : 0}. */
  EQ
}
