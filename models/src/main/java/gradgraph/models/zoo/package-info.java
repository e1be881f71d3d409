/**
 * Ready-made models: the book's TwoLayerNet, a configurable MLP (its MultiLayerNetExtend),
 * SimpleConvNet and DeepConvNet, a residual network written as a user would write a custom model,
 * and the sequel's word2vec {@link gradgraph.models.zoo.Cbow} with negative sampling.
 */
package gradgraph.models.zoo;
