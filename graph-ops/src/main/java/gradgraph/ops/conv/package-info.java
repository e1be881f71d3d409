/**
 * Convolution and pooling on NCHW images, the book's way: {@link gradgraph.ops.conv.Conv2d} lowers
 * to {@link gradgraph.ops.conv.Im2col} and a matrix product; im2col and col2im are each other's
 * backward, so convolution supports derivatives of any order. Average pooling likewise; max
 * pooling's backward routes gradients to the first maximum of each window and declares that it does
 * not support second derivatives.
 */
package gradgraph.ops.conv;
