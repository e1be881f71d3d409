/**
 * Ready-made models: the book's TwoLayerNet, a configurable MLP (its MultiLayerNetExtend),
 * SimpleConvNet and DeepConvNet, and a residual network written as a user would write a custom
 * model.
 */
package gradgraph.models.zoo;
