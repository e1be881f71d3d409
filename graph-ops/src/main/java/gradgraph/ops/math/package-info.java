/**
 * Elementwise arithmetic beyond graph-core's primitives ({@code sqrt}, {@code abs}, {@code clip},
 * {@code maximum}, {@code minimum}) and the book's Affine layer as one op ({@link
 * gradgraph.ops.math.Linear}); every backward is written with differentiable ops.
 */
package gradgraph.ops.math;
