/** Chapter 2: perceptrons as logic gates, and XOR as a two-layer perceptron. */
package gradgraph.examples.ch02;
