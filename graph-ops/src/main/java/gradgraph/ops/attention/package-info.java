/**
 * Attention: scaled dot-product attention over {@code [..., T, D]} queries, keys and values (batch
 * and head dimensions in front), composed of graph-core's batched matrix product, the softmax and
 * elementwise ops, so its first and higher derivatives come from theirs; and {@link
 * gradgraph.ops.attention.AttentionMask}, which says which keys each query may see (padding,
 * causal, or an additive bias).
 */
package gradgraph.ops.attention;
