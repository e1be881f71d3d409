/**
 * Activation functions (ReLU, leaky ReLU, sigmoid, tanh, softplus, the step function) and the
 * softmax family (softmax and log-softmax, stabilized by subtracting the maximum). Subgradients at
 * kinks are fixed and documented on each class: ReLU's derivative at 0 is 0.
 */
package gradgraph.ops.activation;
