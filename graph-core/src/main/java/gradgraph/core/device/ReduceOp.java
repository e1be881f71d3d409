package gradgraph.core.device;

/** Reductions over axes. Mean is a sum divided by a count, composed by the op that needs it. */
public enum ReduceOp {
  /** Sum; 0 over no elements. */
  SUM,
  /** Maximum; {@code -inf} over no elements. */
  MAX,
  /** Minimum; {@code +inf} over no elements. */
  MIN
}
