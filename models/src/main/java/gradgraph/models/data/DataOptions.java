package gradgraph.models.data;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Where {@link IdxDatasets#load} looks for data and whether it may download.
 *
 * @param dataDir a directory given by the user ({@code --data-dir}); when set, the files must be
 *     there and nothing else is tried; may be null
 * @param cacheRoot the user's data directory, {@code ~/.gradgraph/datasets} by default; each data
 *     set lives in a subdirectory named after it, and downloads go there
 * @param download whether to download missing files from the data set's mirrors
 * @param progress where to report downloads (a progress bar when it is a terminal); null for
 *     silence
 */
public record DataOptions(Path dataDir, Path cacheRoot, boolean download, PrintStream progress) {

  /**
   * The defaults: no data directory, {@code ~/.gradgraph/datasets}, downloads allowed, progress on
   * standard error.
   *
   * @return the default options
   */
  public static DataOptions defaults() {
    return new DataOptions(null, defaultCacheRoot(), true, System.err);
  }

  /**
   * Returns {@code ~/.gradgraph/datasets}.
   *
   * @return the default cache root
   */
  public static Path defaultCacheRoot() {
    return Path.of(System.getProperty("user.home"), ".gradgraph", "datasets");
  }

  /**
   * Returns a copy with a data directory.
   *
   * @param dir the directory holding the four files; null to unset
   * @return the changed options
   */
  public DataOptions withDataDir(Path dir) {
    return new DataOptions(dir, cacheRoot, download, progress);
  }

  /**
   * Returns a copy with another cache root.
   *
   * @param root the directory under which data sets are cached
   * @return the changed options
   */
  public DataOptions withCacheRoot(Path root) {
    return new DataOptions(dataDir, root, download, progress);
  }

  /**
   * Returns a copy that may or may not download.
   *
   * @param allowed whether downloads are allowed
   * @return the changed options
   */
  public DataOptions withDownload(boolean allowed) {
    return new DataOptions(dataDir, cacheRoot, allowed, progress);
  }

  /**
   * Returns a copy that reports progress elsewhere.
   *
   * @param out the stream; null for silence
   * @return the changed options
   */
  public DataOptions withProgress(PrintStream out) {
    return new DataOptions(dataDir, cacheRoot, download, out);
  }
}
