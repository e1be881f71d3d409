/**
 * The define-by-run engine: {@link gradgraph.core.Variable} nodes created by {@link
 * gradgraph.core.Op}s, reverse-mode {@link gradgraph.core.Backprop}, and the thread-local modes
 * ({@link gradgraph.core.Grad}, {@link gradgraph.core.Anomaly}, {@link gradgraph.core.NameScope})
 * as try-with-resources {@link gradgraph.core.Scope}s.
 */
package gradgraph.core;
