package gradgraph.core.device;

/**
 * Elementwise functions every backend implements. Some take a scalar parameter {@code alpha}
 * (ignored by the others), so one kernel entry point serves them all.
 */
public enum UnaryOp {
  /** {@code -x}. */
  NEG,
  /** {@code e^x}. */
  EXP,
  /** Natural logarithm. */
  LOG,
  /** Square root. */
  SQRT,
  /** {@code |x|}. */
  ABS,
  /** {@code -1, 0, 1} by the sign of {@code x}. */
  SIGN,
  /** {@code x * x}. */
  SQUARE,
  /** {@code 1 / x}. */
  RECIPROCAL,
  /** {@code sin x}. */
  SIN,
  /** {@code cos x}. */
  COS,
  /** {@code tanh x}. */
  TANH,
  /** {@code 1 / (1 + e^-x)}, computed without overflow. */
  SIGMOID,
  /** {@code log(1 + e^x)}, computed without overflow. */
  SOFTPLUS,
  /** {@code max(x, 0)}; 0 at 0. */
  RELU,
  /** {@code x > alpha ? 1 : 0}. */
  GT_SCALAR,
  /** {@code x < alpha ? 1 : 0}. */
  LT_SCALAR,
  /** {@code x > 0 ? x : alpha * x}. */
  LEAKY_RELU,
  /** {@code x > 0 ? 1 : alpha}: the derivative of {@link #LEAKY_RELU}. */
  LEAKY_STEP,
  /** {@code x ^ alpha}. */
  POW,
  /** {@code x + alpha}. */
  ADD_SCALAR,
  /** {@code x * alpha}. */
  MUL_SCALAR,
  /** {@code max(x, alpha)}. */
  MAX_SCALAR,
  /** {@code min(x, alpha)}. */
  MIN_SCALAR
}
