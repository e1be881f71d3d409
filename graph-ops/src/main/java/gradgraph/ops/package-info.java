/**
 * The static facade {@link gradgraph.ops.Ops}: one method per op, graph-core's primitives and the
 * neural-network ops of the sub-packages alike, so user code reads {@code Ops.relu(Ops.linear(x, w,
 * b))}. Each method delegates to the one class of its op.
 */
package gradgraph.ops;
