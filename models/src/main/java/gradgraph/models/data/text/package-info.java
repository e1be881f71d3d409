/**
 * Text for the sequel's language models: {@link gradgraph.models.data.text.Corpus} cuts a text into
 * word or character tokens with a vocabulary ({@code word_to_id}, {@code id_to_word}) and the ids
 * in text order, and ships Jane Austen's "Persuasion" (1818, public domain) as the default text;
 * the word2vec classes ({@code UnigramSampler}, {@code ContextTarget}) build CBOW training data
 * from it.
 */
package gradgraph.models.data.text;
