/**
 * Loss functions: softmax cross-entropy (fused and stable, with integer labels or one-hot targets),
 * cross-entropy on probabilities (with the book's {@code 1e-7}), mean and sum-of-squares errors,
 * and sigmoid cross-entropy on logits. Each returns a scalar; the javadoc says what is averaged.
 */
package gradgraph.ops.loss;
