package gradgraph.core;

/** Options of {@link Variable#backward(BackwardOption...)}, as in PyTorch. */
public enum BackwardOption {
  /**
   * Keep the graph usable for another backward pass. Without it the graph is consumed, and a second
   * backward through it throws {@link IllegalStateException}.
   */
  RETAIN_GRAPH,
  /**
   * Record the backward pass itself, so the gradients are Variables with a graph that can be
   * differentiated again (higher-order derivatives). Implies {@link #RETAIN_GRAPH}, since the new
   * graph refers to the old one.
   */
  CREATE_GRAPH,
  /**
   * Keep the gradient of every intermediate variable, not only of leaves (to draw or inspect them).
   * Without it only leaves and variables marked {@link Variable#retainGrad()} keep theirs.
   */
  RETAIN_GRAD
}
