package gradgraph.ops.norm;

/** How dropout keeps the expected activation unchanged between training and evaluation. */
public enum DropoutMode {
  /**
   * Scales kept activations by {@code 1/(1 − p)} while training and is the identity in evaluation
   * (PyTorch, DeZero's default).
   */
  INVERTED,
  /**
   * The book's form: training multiplies by the 0/1 mask only; evaluation multiplies by {@code 1 −
   * p}.
   */
  CLASSIC
}
