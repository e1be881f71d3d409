/**
 * Normalization and regularization: batch normalization for {@code (N, D)} and per channel for
 * {@code (N, C, H, W)} with running statistics in a {@link gradgraph.ops.norm.BatchNormState},
 * layer normalization, and dropout (inverted by default, the book's classic form by name) with
 * seeded masks. Train or evaluation mode is a boolean argument; the mode itself lives in models.
 */
package gradgraph.ops.norm;
