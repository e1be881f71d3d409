/**
 * Chapter 4: learning from numerical gradients: the central-difference gradient, gradient descent
 * on {@code x0² + x1²}, and a two-layer net trained with numerical gradients.
 */
package gradgraph.examples.ch04;
