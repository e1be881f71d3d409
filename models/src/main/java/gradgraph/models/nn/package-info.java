/**
 * Neural-network building blocks: {@link gradgraph.models.nn.Module} with named {@link
 * gradgraph.models.nn.Parameter}s, sub-modules and buffers; the layers (each javadoc states its
 * input, parameter and output shapes), the attention layers {@link gradgraph.models.nn.Attention}
 * and {@link gradgraph.models.nn.MultiHeadAttention} (modules of several inputs); {@link
 * gradgraph.models.nn.Sequential}; and the thread-local train/eval {@link
 * gradgraph.models.nn.Mode}.
 */
package gradgraph.models.nn;
