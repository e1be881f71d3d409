package gradgraph.models.train;

import gradgraph.core.Anomaly;
import gradgraph.core.io.AtomicFiles;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.io.FileFormatException;
import gradgraph.models.io.SafeTensors;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training state a checkpoint holds, in the safetensors format ({@link SafeTensors}): the
 * model's {@link Module#stateDict()} under {@code model.}, the optimizer's {@link
 * Optimizer#state()} under {@code optim.}, the curves so far ({@link History}) under {@code
 * history.}, and metadata: the model's name ({@code model}) and its layers with their settings
 * ({@code model.layers}), the optimizer's settings, the seed and the epochs completed (SafeTensors
 * adds the format and library versions). A weights-only checkpoint ({@value #WEIGHTS_ONLY_KEY})
 * holds the model alone: enough to evaluate or fine-tune, not to resume.
 *
 * <p>Safety: writes are atomic; weights or optimizer state holding NaN or infinity are never
 * written (the previous file stays as it was); {@link #checkReplaceable} refuses to overwrite a
 * file that is not a Gradgraph checkpoint; {@link #resume} checks every tensor and metadata entry
 * it uses and names the file and the key of whatever is wrong.
 */
public final class TrainingCheckpoint {
  private static final String MODEL = "model.";
  private static final String OPTIM = "optim.";
  private static final String HISTORY = "history.";

  /** The metadata key that marks a checkpoint holding the model's weights only. */
  public static final String WEIGHTS_ONLY_KEY = "weights_only";

  private TrainingCheckpoint() {}

  /** Where the trainer saves a checkpoint after each epoch. */
  @FunctionalInterface
  public interface Sink {
    /**
     * Saves the state after an epoch.
     *
     * @param model the model
     * @param optimizer its optimizer
     * @param epoch the epochs completed
     * @param seed the training seed
     * @param history every epoch so far, those before a resume included
     */
    void save(Module model, Optimizer optimizer, int epoch, long seed, History history);
  }

  /**
   * Gathers the tensors of a checkpoint.
   *
   * @param model the model
   * @param optimizer the optimizer, or null to save only the model
   * @return tensors by name, {@code model.*} then {@code optim.*}
   */
  public static Map<String, Tensor> tensors(Module model, Optimizer optimizer) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
      out.put(MODEL + e.getKey(), e.getValue());
    }
    if (optimizer != null) {
      for (Map.Entry<String, Tensor> e : optimizer.state().entrySet()) {
        out.put(OPTIM + e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /**
   * Builds the metadata of a checkpoint.
   *
   * @param modelConfig the model's name and settings, e.g. {@code mlp 784-100-100-10 relu}
   * @param optimizer the optimizer, or null
   * @param epoch the epochs completed
   * @param seed the training seed
   * @return the metadata
   */
  public static Map<String, String> metadata(
      String modelConfig, Optimizer optimizer, int epoch, long seed) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", modelConfig);
    if (optimizer != null) {
      m.put("optimizer", optimizer.toString());
    }
    m.put("epoch", Integer.toString(epoch));
    m.put("seed", Long.toString(seed));
    return m;
  }

  /**
   * Loads a checkpoint's tensors into a model and, when given, an optimizer.
   *
   * @param tensors the checkpoint's tensors
   * @param model the model (modified)
   * @param optimizer the optimizer (modified), or null
   * @throws IllegalArgumentException when the tensors do not fit the model or optimizer
   */
  public static void restore(Map<String, Tensor> tensors, Module model, Optimizer optimizer) {
    Map<String, Tensor> m = withPrefix(tensors, MODEL);
    Map<String, Tensor> o = withPrefix(tensors, OPTIM);
    model.loadStateDict(m);
    if (optimizer != null && !o.isEmpty()) {
      optimizer.loadState(o);
    }
  }

  private static Map<String, Tensor> withPrefix(Map<String, Tensor> tensors, String prefix) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        out.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return out;
  }

  /**
   * Saves a checkpoint atomically.
   *
   * @param file the file, usually ending in .safetensors
   * @param model the model
   * @param optimizer the optimizer, or null
   * @param modelConfig the model's name and settings, e.g. {@code cnn}
   * @param epoch the epochs completed
   * @param seed the training seed
   * @param extra more metadata (data set, ...), may be empty
   * @throws IOException if the file cannot be written
   * @throws DivergedException if a weight or optimizer state is NaN or infinite (nothing is
   *     written)
   */
  public static void save(
      Path file,
      Module model,
      Optimizer optimizer,
      String modelConfig,
      int epoch,
      long seed,
      Map<String, String> extra)
      throws IOException {
    save(file, model, optimizer, null, modelConfig, epoch, seed, extra);
  }

  /**
   * Saves a checkpoint atomically, with the curves so far.
   *
   * @param file the file, usually ending in .safetensors
   * @param model the model
   * @param optimizer the optimizer, or null for a weights-only checkpoint
   * @param history the epochs so far, or null
   * @param modelConfig the model's name and settings, e.g. {@code cnn}
   * @param epoch the epochs completed
   * @param seed the training seed
   * @param extra more metadata (data set, ...), may be empty
   * @throws IOException if the file cannot be written
   * @throws DivergedException if a weight or optimizer state is NaN or infinite (nothing is
   *     written, the previous file is kept)
   */
  public static void save(
      Path file,
      Module model,
      Optimizer optimizer,
      History history,
      String modelConfig,
      int epoch,
      long seed,
      Map<String, String> extra)
      throws IOException {
    Map<String, Tensor> tensors = tensors(model, optimizer);
    List<String> bad = nonFinite(tensors);
    if (!bad.isEmpty()) {
      throw new DivergedException(
          "refusing to write the checkpoint "
              + file
              + " after epoch "
              + epoch
              + ": "
              + describe(bad)
              + " NaN or infinity"
              + (Files.exists(file) ? "; the file keeps its previous content" : ""));
    }
    if (history != null) {
      for (Map.Entry<String, List<Double>> c : history.columns().entrySet()) {
        double[] v = c.getValue().stream().mapToDouble(Double::doubleValue).toArray();
        tensors.put(HISTORY + c.getKey(), Tensor.of(v, v.length));
      }
    }
    Map<String, String> meta = metadata(modelConfig, optimizer, epoch, seed);
    meta.put("model.layers", model.toString());
    if (optimizer == null) {
      meta.put(WEIGHTS_ONLY_KEY, "true");
    }
    meta.putAll(extra);
    SafeTensors.save(file, tensors, meta);
  }

  private static String describe(List<String> bad) {
    return (bad.size() <= 3
            ? String.join(", ", bad)
            : String.join(", ", bad.subList(0, 3)) + " and " + (bad.size() - 3) + " more")
        + (bad.size() == 1 ? " holds" : " hold");
  }

  /**
   * Names the tensors that hold NaN or infinity.
   *
   * @param tensors tensors by name
   * @return the names, in the map's order; empty when every element is finite
   */
  public static List<String> nonFinite(Map<String, Tensor> tensors) {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!e.getKey().startsWith(HISTORY) && !Anomaly.allFinite(e.getValue())) {
        bad.add(e.getKey());
      }
    }
    return bad;
  }

  /**
   * A sink that writes the checkpoint to one file after every epoch (atomically, replacing the
   * previous one), for {@link Trainer#checkpoint}.
   *
   * @param file the file
   * @param modelConfig the model's name and settings, e.g. {@code cnn}
   * @param extra more metadata (data set, ...), may be empty
   * @return the sink; a failed write surfaces as an {@link UncheckedIOException} naming the file
   */
  public static Sink toFile(Path file, String modelConfig, Map<String, String> extra) {
    return toFile(file, modelConfig, extra, false);
  }

  /**
   * A sink that writes the checkpoint to one file after every epoch, or only the model's weights.
   *
   * @param file the file
   * @param modelConfig the model's name and settings, e.g. {@code cnn}
   * @param extra more metadata (data set, ...), may be empty
   * @param weightsOnly true to leave out the optimizer state and the curves (a smaller file, for
   *     evaluation and fine-tuning; it cannot be resumed)
   * @return the sink; a failed write surfaces as an {@link UncheckedIOException} naming the file
   */
  public static Sink toFile(
      Path file, String modelConfig, Map<String, String> extra, boolean weightsOnly) {
    return (model, optimizer, epoch, seed, history) -> {
      try {
        if (weightsOnly) {
          save(file, model, null, null, modelConfig, epoch, seed, extra);
        } else {
          save(file, model, optimizer, history, modelConfig, epoch, seed, extra);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the checkpoint " + file, e);
      }
    };
  }

  /**
   * Checks, before training starts, that a checkpoint may be written to a file: the file can be
   * written ({@link AtomicFiles#checkWritable}) and, when it exists and is not empty, is a
   * Gradgraph checkpoint (so that {@code --save} pointed at the training data, a document or
   * another program's file fails at once and destroys nothing).
   *
   * @param file the file
   * @throws IOException naming the file and the reason when it must not be written
   */
  public static void checkReplaceable(Path file) throws IOException {
    Path real = AtomicFiles.checkWritable(file);
    if (!Files.exists(real) || Files.size(real) == 0) {
      return;
    }
    String why;
    try {
      Map<String, String> meta = SafeTensors.readMetadata(real);
      if (meta.containsKey(SafeTensors.FORMAT_VERSION_KEY)) {
        return;
      }
      why = "a safetensors file, but not written by Gradgraph";
    } catch (FileFormatException e) {
      why = "not a safetensors file";
    }
    throw new FileFormatException(
        file.toString(),
        "exists and is "
            + why
            + "; refusing to overwrite it (choose another file, or remove this one first)");
  }

  /**
   * Reads a checkpoint.
   *
   * @param file the file
   * @return its tensors and metadata
   * @throws IOException if it cannot be read or is not a valid safetensors file
   */
  public static SafeTensors.Loaded load(Path file) throws IOException {
    return SafeTensors.load(file);
  }

  /**
   * What {@link #initFrom} loaded into a model.
   *
   * @param loaded the model's keys whose values came from the file, in state-dict order
   * @param missing the model's keys the file lacks (they keep their initial values), sorted
   * @param unexpected the file's keys the model lacks (ignored), sorted
   * @param skipped the keys both have with different shapes (the model keeps its values), each as
   *     {@code key [file's shape] -> [model's shape]}, in state-dict order
   * @param modelTensors how many tensors the model's state dict holds
   */
  public record Initialized(
      List<String> loaded,
      List<String> missing,
      List<String> unexpected,
      List<String> skipped,
      int modelTensors) {
    /**
     * Copies the lists.
     *
     * @param loaded the keys loaded
     * @param missing the keys the file lacks
     * @param unexpected the file's keys the model lacks
     * @param skipped the keys with different shapes, described
     * @param modelTensors the size of the model's state dict
     */
    public Initialized {
      loaded = List.copyOf(loaded);
      missing = List.copyOf(missing);
      unexpected = List.copyOf(unexpected);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Initializes a model from a checkpoint's weights for fine-tuning: the tensors under {@code
   * model.} (or, in a plain safetensors file without them, every tensor, by its name) are loaded
   * with {@link Module#loadStateDict(Map, boolean) loadStateDict(state, false)}; those whose shape
   * differs from the model's (a classifier head for another number of classes) are skipped and
   * reported. Neither the optimizer state nor the curves are read; weights-only checkpoints work.
   *
   * @param file the checkpoint
   * @param model the model (modified only when something loads)
   * @param allowNonFinite true to load weights holding NaN or infinity anyway
   * @return what was loaded, skipped, missing and unexpected
   * @throws FileFormatException naming the file when a weight is NaN or infinite, or when none of
   *     its tensors fits the model
   * @throws IOException if the file cannot be read
   */
  public static Initialized initFrom(Path file, Module model, boolean allowNonFinite)
      throws IOException {
    SafeTensors.Loaded ck = load(file);
    Map<String, Tensor> state = withPrefix(ck.tensors(), MODEL);
    if (state.isEmpty()) {
      state = new LinkedHashMap<>(ck.tensors());
    }
    refuseNonFinite(file, state, allowNonFinite);
    Map<String, Tensor> mine = model.stateDict();
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : mine.entrySet()) {
      Tensor t = state.get(e.getKey());
      if (t != null && !java.util.Arrays.equals(t.shape(), e.getValue().shape())) {
        skipped.add(
            e.getKey()
                + " "
                + java.util.Arrays.toString(t.shape())
                + " -> "
                + java.util.Arrays.toString(e.getValue().shape()));
        state.remove(e.getKey());
      }
    }
    boolean anyKnown = false;
    for (String k : state.keySet()) {
      anyKnown |= mine.containsKey(k);
    }
    if (!anyKnown) {
      throw new FileFormatException(
          file.toString(),
          "none of its "
              + ck.tensors().size()
              + " tensors fits this model ("
              + (skipped.isEmpty() ? "no key in common" : "every common key has another shape")
              + "; the file holds "
              + firstKeys(ck.tensors().keySet())
              + ", the model "
              + firstKeys(mine.keySet())
              + ")");
    }
    Module.LoadReport r = model.loadStateDict(state, false);
    List<String> missing = new ArrayList<>(r.missing());
    for (String s : skipped) {
      missing.remove(s.substring(0, s.indexOf(' ')));
    }
    return new Initialized(r.loaded(), missing, r.unexpected(), skipped, mine.size());
  }

  /**
   * Refuses a checkpoint whose tensors hold NaN or infinity, unless told to load it anyway; returns
   * the keys of those tensors (empty when all are finite).
   */
  private static List<String> refuseNonFinite(Path file, Map<String, Tensor> tensors, boolean allow)
      throws FileFormatException {
    List<String> bad = nonFinite(tensors);
    if (!bad.isEmpty() && !allow) {
      throw new FileFormatException(
          file.toString(),
          describe(bad)
              + " NaN or infinity (saved from a diverged run?); pass --allow-non-finite to load"
              + " it anyway");
    }
    return bad;
  }

  private static String firstKeys(java.util.Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    return all.size() <= 3
        ? all.toString()
        : all.subList(0, 3).toString().replace("]", ", ... " + all.size() + " in all]");
  }

  /**
   * What {@link #resume} restored.
   *
   * @param epoch the epochs the checkpoint had completed
   * @param seed its training seed
   * @param metadata all its metadata
   * @param history its curves (empty when it holds none)
   * @param nonFinite tensors holding NaN or infinity, loaded because that was allowed
   */
  public record Resumed(
      int epoch,
      long seed,
      Map<String, String> metadata,
      History history,
      List<String> nonFinite) {}

  /**
   * Loads a checkpoint into a model (and optimizer) after checking all of it: metadata, the model's
   * tensors, the optimizer's state, the curves, and that no weight is NaN or infinite.
   *
   * @param file the checkpoint
   * @param model the model (modified only when everything fits)
   * @param optimizer the optimizer (modified), or null to load the weights only (evaluation)
   * @param allowNonFinite true to load weights holding NaN or infinity anyway (reported in {@link
   *     Resumed#nonFinite()})
   * @return what was restored
   * @throws FileFormatException naming the file and the key of anything wrong
   * @throws IOException if the file cannot be read
   */
  public static Resumed resume(Path file, Module model, Optimizer optimizer, boolean allowNonFinite)
      throws IOException {
    SafeTensors.Loaded ck = load(file);
    Map<String, String> meta = ck.metadata();
    int epoch = (int) longMetadata(file, meta, "epoch", 0, Integer.MAX_VALUE);
    long seed = longMetadata(file, meta, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
    List<String> bad = refuseNonFinite(file, ck.tensors(), allowNonFinite);
    if (optimizer != null && "true".equals(meta.get(WEIGHTS_ONLY_KEY))) {
      throw new FileFormatException(
          file.toString(),
          "holds the model's weights only (saved with --weights-only), no optimizer state:"
              + " it can be evaluated or fine-tuned, not resumed");
    }
    Map<String, Tensor> m = withPrefix(ck.tensors(), MODEL);
    Map<String, Tensor> o = withPrefix(ck.tensors(), OPTIM);
    if (optimizer != null && o.isEmpty()) {
      throw new FileFormatException(
          file.toString(), "holds no optimizer state (no optim.* tensors): it cannot be resumed");
    }
    Map<String, Tensor> before = model.stateDict();
    try {
      model.loadStateDict(m);
    } catch (IllegalArgumentException e) {
      throw new FileFormatException(
          file.toString(), "the model tensors (model.*) do not fit: " + e.getMessage());
    }
    if (optimizer != null) {
      try {
        optimizer.loadState(o);
      } catch (IllegalArgumentException e) {
        model.loadStateDict(before); // all or nothing
        throw new FileFormatException(
            file.toString(), "the optimizer state (optim.*) does not fit: " + e.getMessage());
      }
    }
    History h = new History();
    Map<String, List<Double>> columns = h.columns();
    for (Map.Entry<String, List<Double>> c : columns.entrySet()) {
      Tensor t = ck.tensors().get(HISTORY + c.getKey());
      if (t != null) {
        if (t.shape().length != 1) {
          throw new FileFormatException(
              file.toString(),
              "tensor '"
                  + HISTORY
                  + c.getKey()
                  + "' has shape "
                  + java.util.Arrays.toString(t.shape())
                  + ", not a vector");
        }
        for (double v : t.toDoubleArray()) {
          c.getValue().add(v);
        }
      }
    }
    if (h.epochs() != 0 && h.epochs() != epoch) {
      throw new FileFormatException(
          file.toString(),
          "tensor 'history.epoch_loss' has "
              + h.epochs()
              + " epochs but metadata 'epoch' says "
              + epoch);
    }
    return new Resumed(epoch, seed, meta, h, List.copyOf(bad));
  }

  /**
   * Reads a whole-number metadata entry, naming the file and key when it is malformed.
   *
   * @param file the checkpoint, for messages
   * @param meta its metadata
   * @param key the key
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the value, or {@code max(min, 0)} when absent
   * @throws FileFormatException if present but not a whole number in range
   */
  public static long longMetadata(
      Path file, Map<String, String> meta, String key, long min, long max)
      throws FileFormatException {
    String v = meta.get(key);
    if (v == null) {
      return Math.max(min, 0);
    }
    try {
      long x = Long.parseLong(v.trim());
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new FileFormatException(
        file.toString(),
        "metadata '"
            + key
            + "' is '"
            + v
            + "', not a whole number"
            + (min == Long.MIN_VALUE ? "" : " in [" + min + ", " + max + "]"));
  }

  /**
   * Reads a finite decimal metadata entry, naming the file and key when it is malformed.
   *
   * @param file the checkpoint, for messages
   * @param meta its metadata
   * @param key the key
   * @return the value, or NaN when absent
   * @throws FileFormatException if present but not a finite number
   */
  public static double doubleMetadata(Path file, Map<String, String> meta, String key)
      throws FileFormatException {
    String v = meta.get(key);
    if (v == null) {
      return Double.NaN;
    }
    try {
      double x = Double.parseDouble(v.trim());
      if (Double.isFinite(x)) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new FileFormatException(
        file.toString(), "metadata '" + key + "' is '" + v + "', not a finite number");
  }
}
