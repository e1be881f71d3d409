/**
 * Movement ops beyond graph-core's reshape/permute/broadcast: slicing and its adjoint padding,
 * selecting rows by index and its adjoint scatter-add, picking one entry per row (a label's
 * probability), and concatenation. Each op's backward is its adjoint op, so all are linear and
 * support derivatives of any order.
 */
package gradgraph.ops.shape;
