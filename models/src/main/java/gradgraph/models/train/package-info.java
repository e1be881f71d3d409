/**
 * Training: the {@link gradgraph.models.train.Trainer} (epochs, batches, evaluation, the book's
 * per-epoch lines), progress display, the measured {@link gradgraph.models.train.History}, and
 * checkpoints of model and optimizer state.
 */
package gradgraph.models.train;
