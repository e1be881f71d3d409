/**
 * Chapter 6: training techniques: optimizers, weight initialization, batch normalization,
 * regularization and hyperparameter search.
 */
package gradgraph.examples.ch06;
