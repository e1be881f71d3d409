package gradgraph.core.device;

/** Distributions for {@link Kernels#random}. */
public enum RandomKind {
  /** Normal with mean {@code a} and standard deviation {@code b}. */
  NORMAL,
  /** Uniform on {@code [a, b)}. */
  UNIFORM,
  /** 1 with probability {@code a}, else 0 (dropout masks). */
  BERNOULLI
}
