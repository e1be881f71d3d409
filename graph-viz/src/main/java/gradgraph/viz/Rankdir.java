package gradgraph.viz;

/** The direction a {@link Diagram} flows in, as Graphviz's {@code rankdir}. */
public enum Rankdir {
  /**
   * Left to right when the graph is short, top to bottom when it is long (the default): {@link #LR}
   * while the longest path, laid out left to right, would be at most 1,200 points wide (about 12
   * ops of the apple style; the book's apple-price figure is about 330), {@link #TB} beyond, so a
   * model's training step becomes a column you scroll down instead of a strip thousands of pixels
   * wide.
   */
  AUTO,
  /** Left to right, as in the book. */
  LR,
  /** Top to bottom. */
  TB,
  /** Right to left. */
  RL,
  /** Bottom to top. */
  BT
}
