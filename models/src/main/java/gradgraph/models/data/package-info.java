/**
 * Data for training and evaluation: a {@link gradgraph.models.data.Dataset} holds inputs as one
 * FLOAT32 tensor {@code [N, ...]} with integer labels, a {@link gradgraph.models.data.DataLoader}
 * cuts it into shuffled mini-batches ({@link gradgraph.models.data.Batch}) deterministically for a
 * seed, {@link gradgraph.models.data.Idx} reads the IDX files of MNIST and Fashion-MNIST, {@link
 * gradgraph.models.data.FashionMnist} finds them (a directory, the user's cache, the Debian
 * package, a verified download, or the small sample bundled in the jar), and the synthetic sets
 * ({@link gradgraph.models.data.Spiral}, {@link gradgraph.models.data.Gates}), {@link
 * gradgraph.models.data.Transforms} and {@link gradgraph.models.data.Augment} cover the book's
 * smaller examples and the CNN examples' augmentation.
 */
package gradgraph.models.data;
