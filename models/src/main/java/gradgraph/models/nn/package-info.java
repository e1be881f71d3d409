/**
 * Neural-network building blocks: {@link gradgraph.models.nn.Module} with named {@link
 * gradgraph.models.nn.Parameter}s, sub-modules and buffers; the layers (each javadoc states its
 * input, parameter and output shapes), among them the sequel's {@link
 * gradgraph.models.nn.Embedding}, {@link gradgraph.models.nn.EmbeddingDot}, {@link
 * gradgraph.models.nn.NegativeSamplingLoss} and the attention layers {@link
 * gradgraph.models.nn.Attention} and {@link gradgraph.models.nn.MultiHeadAttention} (modules of
 * several inputs); {@link gradgraph.models.nn.Sequential}; the thread-local train/eval {@link
 * gradgraph.models.nn.Mode}; and the thread-local {@link gradgraph.models.nn.ForwardHook} that
 * module calls are reported to (model summaries use it).
 */
package gradgraph.models.nn;
