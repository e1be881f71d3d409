/**
 * JMH benchmarks of Gradgraph's CPU kernels (matrix products, convolution lowering, pooling) and of
 * the graph engine's per-op overhead. They never run in the build; {@code docs/performance.md}
 * gives the commands and the figures measured.
 */
package gradgraph.benchmarks;
