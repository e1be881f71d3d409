package gradgraph.viz;

import java.nio.file.Path;

/**
 * Thrown when no Graphviz engine could render a diagram. The message says what was tried and what
 * to install; the DOT text was written next to the requested file, so nothing is lost.
 */
public class RenderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path dotFile;

  /**
   * Creates the exception.
   *
   * @param message what failed and how to fix it
   * @param dotFile where the DOT text was written, or null when it was not
   * @param cause the last engine failure, or null
   */
  public RenderException(String message, Path dotFile, Throwable cause) {
    super(message, cause);
    this.dotFile = dotFile;
  }

  /**
   * Returns where the diagram's DOT text was written instead.
   *
   * @return the .dot file, or null when rendering was not asked to write a file
   */
  public Path dotFile() {
    return dotFile;
  }
}
