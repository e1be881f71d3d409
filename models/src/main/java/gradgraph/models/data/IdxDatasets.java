package gradgraph.models.data;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.io.FileFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads MNIST-style data sets (four IDX files: training and test images and labels).
 *
 * <p>{@link #load} looks, in this order:
 *
 * <ol>
 *   <li>in the user's data directory ({@code --data-dir}), when one is given; then nothing else is
 *       tried;
 *   <li>in {@code ~/.gradgraph/datasets/<name>};
 *   <li>in the directories where a system package installs the data set (for Fashion-MNIST, the
 *       Debian package {@code dataset-fashion-mnist}'s {@code /usr/share/datasets/fashion-mnist});
 *   <li>on the data set's public mirrors, downloading the missing files into {@code
 *       ~/.gradgraph/datasets/<name>} with SHA-256 verification (when downloads are allowed).
 * </ol>
 *
 * <p>A directory counts when it holds all four files, each either gzipped ({@code .gz}) or raw (the
 * same name without {@code .gz}). When all of this fails, a {@link DataNotFoundException} lists the
 * four files and where to put them.
 */
public final class IdxDatasets {
  private IdxDatasets() {}

  /**
   * A data set's two parts and where they came from.
   *
   * @param train the training examples
   * @param test the test examples
   * @param source where the files were found (a directory, or {@code "bundled sample"})
   */
  public record TrainTest(Dataset train, Dataset test, String source) {}

  /**
   * Finds (or downloads) and loads a data set.
   *
   * @param spec the data set
   * @param options where to look and whether to download
   * @return the training and test sets, images {@code [N, 1, rows, cols]} in {@code [0, 1]}
   * @throws DataNotFoundException if the files are nowhere and cannot be downloaded
   * @throws FileFormatException if a file is truncated or corrupt
   * @throws IOException if a file cannot be read
   */
  public static TrainTest load(IdxDatasetSpec spec, DataOptions options) throws IOException {
    return loadDir(spec, locate(spec, options));
  }

  /**
   * Finds the directory holding a data set's files, downloading them if needed and allowed.
   *
   * @param spec the data set
   * @param options where to look and whether to download
   * @return a directory holding the four files
   * @throws DataNotFoundException if the files are nowhere and cannot be downloaded
   * @throws IOException if a download fails in a way that leaves no usable file
   */
  public static Path locate(IdxDatasetSpec spec, DataOptions options) throws IOException {
    if (options.dataDir() != null) {
      List<String> missing = missing(options.dataDir());
      if (missing.isEmpty()) {
        return options.dataDir();
      }
      throw new DataNotFoundException(
          spec.name()
              + ": the data directory "
              + options.dataDir()
              + " lacks "
              + String.join(", ", missing)
              + ".\n"
              + advice(spec, options, null));
    }
    Path cache = options.cacheRoot().resolve(spec.name());
    if (missing(cache).isEmpty()) {
      return cache;
    }
    for (Path dir : spec.systemDirs()) {
      if (missing(dir).isEmpty()) {
        return dir;
      }
    }
    if (!options.download()) {
      throw new DataNotFoundException(
          spec.name() + ": data not found (downloads are off).\n" + advice(spec, options, null));
    }
    Downloader d = new Downloader(options.progress());
    for (String f : missing(cache)) {
      try {
        d.download(spec.mirrors(), f, spec.sha256().get(f), cache);
      } catch (IOException e) {
        throw new DataNotFoundException(
            spec.name()
                + ": data not found, and the download failed.\n"
                + advice(spec, options, e.getMessage()));
      }
    }
    return cache;
  }

  private static String advice(IdxDatasetSpec spec, DataOptions options, String failure) {
    StringBuilder s = new StringBuilder("Put these four files\n");
    for (String f : IdxDatasetSpec.FILES) {
      s.append("  ").append(f).append('\n');
    }
    s.append("into one of these directories:\n");
    if (options.dataDir() != null) {
      s.append("  ").append(options.dataDir()).append("  (the --data-dir you gave)\n");
    } else {
      s.append("  any directory you then pass as --data-dir\n");
    }
    s.append("  ").append(options.cacheRoot().resolve(spec.name())).append('\n');
    for (Path dir : spec.systemDirs()) {
      s.append("  ").append(dir).append("  (where the system package installs them)\n");
    }
    if (!spec.mirrors().isEmpty()) {
      s.append("They can be downloaded from ").append(spec.mirrors().get(0)).append('\n');
    }
    if (failure != null) {
      s.append("Download error: ").append(failure);
    }
    return s.toString().strip();
  }

  /** The files (by their .gz name) that a directory lacks in both forms. */
  private static List<String> missing(Path dir) {
    List<String> out = new ArrayList<>();
    for (String f : IdxDatasetSpec.FILES) {
      if (find(dir, f) == null) {
        out.add(f);
      }
    }
    return out;
  }

  private static Path find(Path dir, String gzName) {
    Path gz = dir.resolve(gzName);
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = dir.resolve(gzName.substring(0, gzName.length() - 3));
    return Files.isRegularFile(raw) ? raw : null;
  }

  /**
   * Loads the four files from a directory.
   *
   * @param spec the data set (for its name and classes)
   * @param dir the directory
   * @return the training and test sets
   * @throws IOException if a file is missing, unreadable, truncated or corrupt
   */
  public static TrainTest loadDir(IdxDatasetSpec spec, Path dir) throws IOException {
    List<String> missing = missing(dir);
    if (!missing.isEmpty()) {
      throw new DataNotFoundException(
          spec.name() + ": " + dir + " lacks " + String.join(", ", missing));
    }
    return new TrainTest(
        part(
            spec,
            "train",
            find(dir, IdxDatasetSpec.TRAIN_IMAGES),
            find(dir, IdxDatasetSpec.TRAIN_LABELS)),
        part(
            spec,
            "test",
            find(dir, IdxDatasetSpec.TEST_IMAGES),
            find(dir, IdxDatasetSpec.TEST_LABELS)),
        dir.toString());
  }

  private static Dataset part(IdxDatasetSpec spec, String part, Path images, Path labels)
      throws IOException {
    return assemble(
        spec, part, Idx.readImages(images), images.toString(), Idx.readLabels(labels), labels);
  }

  /**
   * Loads the four files from class-path resources (the bundled sample).
   *
   * @param spec the data set (for its classes)
   * @param resourceDir the resource directory, e.g. {@code
   *     "gradgraph/datasets/fashion-mnist-sample"}
   * @param name the name the data sets get, e.g. {@code "fashion-mnist-sample"}
   * @return the training and test sets
   * @throws IOException if a resource is missing or corrupt
   */
  public static TrainTest loadResources(IdxDatasetSpec spec, String resourceDir, String name)
      throws IOException {
    IdxDatasetSpec named =
        new IdxDatasetSpec(name, spec.classNames(), spec.mirrors(), spec.sha256(), List.of());
    Dataset[] parts = new Dataset[2];
    String[] prefix = {"train", "t10k"};
    for (int i = 0; i < 2; i++) {
      String img = resourceDir + "/" + prefix[i] + "-images-idx3-ubyte.gz";
      String lab = resourceDir + "/" + prefix[i] + "-labels-idx1-ubyte.gz";
      Tensor x;
      int[] y;
      try (InputStream in = resource(img)) {
        x = Idx.readImages(in, img);
      }
      try (InputStream in = resource(lab)) {
        y = Idx.readLabels(in, lab);
      }
      parts[i] = assemble(named, i == 0 ? "train" : "test", x, img, y, Path.of(lab));
    }
    return new TrainTest(parts[0], parts[1], "bundled sample (classpath:" + resourceDir + ")");
  }

  private static InputStream resource(String path) throws IOException {
    InputStream in = IdxDatasets.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new DataNotFoundException("resource " + path + " is not on the class path");
    }
    return in;
  }

  private static Dataset assemble(
      IdxDatasetSpec spec, String part, Tensor x, String imagesName, int[] y, Path labelsFile)
      throws FileFormatException {
    if (x.dim(0) != y.length) {
      throw new FileFormatException(
          labelsFile.toString(),
          "count mismatch: "
              + y.length
              + " labels, but "
              + imagesName
              + " holds "
              + x.dim(0)
              + " images");
    }
    int k = spec.classNames().size();
    for (int i = 0; i < y.length; i++) {
      if (y[i] >= k) {
        throw new FileFormatException(
            labelsFile.toString(),
            "label " + y[i] + " at index " + i + " is outside [0, " + k + ")");
      }
    }
    return new Dataset(spec.name() + "/" + part, x, y, k, spec.classNames());
  }

  /**
   * Parses mirror URLs.
   *
   * @param urls base URLs ending in {@code /}
   * @return the URIs
   */
  static List<URI> uris(String... urls) {
    List<URI> out = new ArrayList<>();
    for (String u : urls) {
      out.add(URI.create(u));
    }
    return out;
  }
}
