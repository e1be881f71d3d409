package gradgraph.examples;

import java.io.IOException;

/**
 * One experiment of the book, runnable on its own: it prints the book-style lines to {@link
 * ExampleContext#out()}, writes its figures under {@link ExampleContext#dir()}, and returns the
 * numbers that show it worked.
 */
public interface Example {
  /**
   * Returns the name used on the command line, e.g. {@code ch02-gates}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns one line saying what the example shows.
   *
   * @return the description
   */
  String description();

  /**
   * Runs the experiment.
   *
   * @param ctx where to print and write, and whether to run the quick variant
   * @return the measured figures and the files written
   * @throws IOException if a figure or the data cannot be read or written
   */
  ExampleResult run(ExampleContext ctx) throws IOException;
}
