/**
 * The sequel (<i>Deep Learning from Scratch 2</i>, natural language processing): word2vec's CBOW
 * with negative sampling on the shipped novel ({@code ch04-word2vec}), and the recurrent and
 * attention examples that build on its {@code Embedding} and {@code Corpus}.
 */
package gradgraph.examples.seq;
