/**
 * Experiments of the sequel (<i>Deep Learning from Scratch 2</i>, natural language processing),
 * named by its chapters and listed after the book's: {@code ch04-word2vec} trains word2vec's CBOW
 * with negative sampling on the shipped novel; {@code ch06-lstm-lm} trains an LSTM language model
 * on it, reports its perplexity against a unigram baseline and generates text; {@code
 * ch08-seq2seq-attention} is a character-level seq2seq with an attention decoder that learns to
 * rewrite dates written by people ({@code "september 27, 1994"}, {@code "27 SEP 1994"}, {@code
 * "9/27/94"}) as ISO dates ({@code "1994-09-27"}), on a data set generated from a seeded generator,
 * with the attention map of one example drawn as a heat map.
 */
package gradgraph.examples.sequel;
