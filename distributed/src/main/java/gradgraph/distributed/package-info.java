/**
 * Data-parallel training of any {@link gradgraph.models.nn.Module} on Apache Spark: synchronous SGD
 * where every step's global batch is split across the Spark tasks, each task computes its slice's
 * gradients with the ordinary engine, and the gradients are summed with {@code treeAggregate}
 * before one optimizer step; {@link gradgraph.distributed.SparkFit} implements {@link
 * gradgraph.models.train.DistributedFit} for {@code gradgraph train --spark MASTER}.
 */
package gradgraph.distributed;
