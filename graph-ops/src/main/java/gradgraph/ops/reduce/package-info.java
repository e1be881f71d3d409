/**
 * Reductions beyond graph-core's sum: maximum and minimum over axes with {@code keepDims}. Their
 * gradient goes to the arg-max (arg-min) element; ties split it evenly.
 */
package gradgraph.ops.reduce;
