/**
 * Chapter 5: backpropagation: the apple graphs with their gradients, backprop checked against
 * numerical gradients, and TwoLayerNet trained on Fashion-MNIST.
 */
package gradgraph.examples.ch05;
