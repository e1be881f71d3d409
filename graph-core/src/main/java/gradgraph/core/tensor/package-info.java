/**
 * Tensors: immutable, contiguous, row-major n-dimensional arrays of FLOAT32 or FLOAT64 on a device,
 * with NumPy broadcasting, and the shape arithmetic and error phrasing that every op shares.
 */
package gradgraph.core.tensor;
