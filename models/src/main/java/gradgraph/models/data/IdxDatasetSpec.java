package gradgraph.models.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What Gradgraph knows about an MNIST-style data set: its name (the cache directory's name), its
 * classes, where it can be downloaded from, the SHA-256 of each original file, and the directories
 * where an operating-system package installs it.
 *
 * @param name the data set's name, e.g. {@code "fashion-mnist"}
 * @param classNames one name per class
 * @param mirrors base URLs (ending in {@code /}) to which the file names are appended, tried in
 *     order
 * @param sha256 the lowercase hex SHA-256 of each of the four files as the mirrors serve them
 * @param systemDirs directories where a system package puts the files (may be empty)
 */
public record IdxDatasetSpec(
    String name,
    List<String> classNames,
    List<URI> mirrors,
    Map<String, String> sha256,
    List<Path> systemDirs) {

  /** The training images, as every mirror names them. */
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";

  /** The training labels. */
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";

  /** The test images. */
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";

  /** The test labels. */
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

  /** The four file names, in the order training images, training labels, test images, labels. */
  public static final List<String> FILES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /**
   * Copies the lists and checks that every file has a hash.
   *
   * @param name the name
   * @param classNames the classes
   * @param mirrors the mirrors
   * @param sha256 the hashes
   * @param systemDirs the system directories
   */
  public IdxDatasetSpec {
    classNames = List.copyOf(classNames);
    mirrors = List.copyOf(mirrors);
    sha256 = Map.copyOf(sha256);
    systemDirs = List.copyOf(systemDirs);
    for (String f : FILES) {
      if (!sha256.containsKey(f)) {
        throw new IllegalArgumentException("IdxDatasetSpec " + name + ": sha256: no hash for " + f);
      }
    }
  }

  /**
   * Returns a copy with other mirrors (e.g. a local server in tests).
   *
   * @param newMirrors base URLs ending in {@code /}
   * @return the changed spec
   */
  public IdxDatasetSpec withMirrors(List<URI> newMirrors) {
    return new IdxDatasetSpec(name, classNames, newMirrors, sha256, systemDirs);
  }

  /**
   * Returns a copy with other hashes (e.g. for test files).
   *
   * @param newSha256 the hash of each of the four files
   * @return the changed spec
   */
  public IdxDatasetSpec withSha256(Map<String, String> newSha256) {
    return new IdxDatasetSpec(name, classNames, mirrors, newSha256, systemDirs);
  }

  /**
   * Returns a copy with other system directories.
   *
   * @param dirs the directories
   * @return the changed spec
   */
  public IdxDatasetSpec withSystemDirs(List<Path> dirs) {
    return new IdxDatasetSpec(name, classNames, mirrors, sha256, dirs);
  }
}
