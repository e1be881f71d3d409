package gradgraph.models.data;

import java.io.IOException;

/**
 * A data set's files are nowhere to be found and could not be downloaded. The message lists the
 * files and every place where they may be put.
 */
public class DataNotFoundException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the files, where they were looked for, and what to do
   */
  public DataNotFoundException(String message) {
    super(message);
  }
}
