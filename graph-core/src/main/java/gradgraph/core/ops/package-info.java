/**
 * The primitive ops the engine itself needs (arithmetic, exp/log, matmul, sum, broadcast/sumTo,
 * reshape, permute), one class each with forward and backward side by side; the full op library is
 * in graph-ops.
 */
package gradgraph.core.ops;
