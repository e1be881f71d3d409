package gradgraph.models.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read because its content is wrong: truncated, corrupt, or not the format it
 * claims to be. The message names the file and what is wrong, e.g. {@code
 * train-images-idx3-ubyte.gz: truncated: image data ends after 1000 of 47040000 bytes}.
 */
public class FileFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The file's name as given to the reader. */
  private final String file;

  /**
   * Creates the exception.
   *
   * @param file the file (or resource) name
   * @param problem what is wrong, with the values found and expected
   */
  public FileFormatException(String file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /**
   * Creates the exception for a path.
   *
   * @param file the file
   * @param problem what is wrong
   */
  public FileFormatException(Path file, String problem) {
    this(file.toString(), problem);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param file the file (or resource) name
   * @param problem what is wrong
   * @param cause the underlying error
   */
  public FileFormatException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /**
   * Returns the file that is wrong.
   *
   * @return its name as given to the reader
   */
  public String file() {
    return file;
  }
}
