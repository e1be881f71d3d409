/** Chapter 3: the activation functions and a numerically stable softmax. */
package gradgraph.examples.ch03;
