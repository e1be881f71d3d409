/**
 * The book sequel's chapter 8, attention: a character-level seq2seq with an attention decoder that
 * learns to rewrite dates written by people ({@code "september 27, 1994"}, {@code "27 SEP 1994"},
 * {@code "9/27/94"}) as ISO dates ({@code "1994-09-27"}), on a data set generated here from a
 * seeded generator, with the attention map of one example drawn as a heat map.
 */
package gradgraph.examples.seq2seq;
