/**
 * The experiments of <i>Deep Learning from Scratch</i>, chapters 2 to 8, as short Java programs
 * written against Gradgraph's public API: each {@link gradgraph.examples.Example} prints the book's
 * lines, writes its figures as PNG and returns the numbers its test checks; {@link
 * gradgraph.examples.Examples} lists them and {@link gradgraph.examples.ExamplesMain} runs one by
 * name ({@code ./gradgraph example <name>}).
 */
package gradgraph.examples;
