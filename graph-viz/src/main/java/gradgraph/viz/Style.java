package gradgraph.viz;

/** How a {@link Diagram} draws a recorded graph. */
public enum Style {
  /**
   * The book's apple-price figure (the default): each op a circle holding its symbol, named leaves
   * as plain labels on the left, the output's name on the right, every edge labelled with the value
   * it carries and, after a backward pass, a red edge drawn back under it with the gradient.
   */
  APPLE,
  /**
   * As DeZero's {@code get_dot_graph}: variables as ellipses (name, shape, dtype, and optionally
   * value and gradient), ops as boxes.
   */
  DEZERO,
  /**
   * For big models: ops grouped by the {@link gradgraph.core.NameScope} that recorded them (each
   * layer one box, or one cluster with {@link Diagram#expandScopes(boolean)}); edges carry the
   * tensors that cross layers.
   */
  COMPACT
}
