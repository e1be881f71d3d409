/**
 * Experiments of the sequel (<i>Deep Learning from Scratch 2</i>, natural language processing),
 * named by its chapters: {@code ch06-lstm-lm} trains an LSTM language model on the shipped novel
 * and reports its perplexity against a unigram baseline, then generates text.
 */
package gradgraph.examples.sequel;
