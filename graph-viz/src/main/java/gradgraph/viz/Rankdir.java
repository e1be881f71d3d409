package gradgraph.viz;

/** The direction a {@link Diagram} flows in, as Graphviz's {@code rankdir}. */
public enum Rankdir {
  /** Left to right (the default, as in the book). */
  LR,
  /** Top to bottom. */
  TB,
  /** Right to left. */
  RL,
  /** Bottom to top. */
  BT
}
