/**
 * Optimizers (SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam, in the book's formulation), weight
 * decay and gradient clipping. Every optimizer skips frozen parameters and prints its settings.
 */
package gradgraph.models.optim;
