package gradgraph.models.train;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.io.SafeTensors;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training state a checkpoint holds, in the safetensors format ({@link SafeTensors}): the
 * model's {@link Module#stateDict()} under {@code model.}, the optimizer's {@link
 * Optimizer#state()} under {@code optim.}, and metadata: the model's name ({@code model}) and its
 * layers with their settings ({@code model.layers}), the optimizer's settings, the seed and the
 * epochs completed (SafeTensors adds the format and library versions). Writes are atomic.
 */
public final class TrainingCheckpoint {
  private static final String MODEL = "model.";
  private static final String OPTIM = "optim.";

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
     */
    void save(Module model, Optimizer optimizer, int epoch, long seed);
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
    Map<String, Tensor> m = new LinkedHashMap<>();
    Map<String, Tensor> o = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey().startsWith(MODEL)) {
        m.put(e.getKey().substring(MODEL.length()), e.getValue());
      } else if (e.getKey().startsWith(OPTIM)) {
        o.put(e.getKey().substring(OPTIM.length()), e.getValue());
      }
    }
    model.loadStateDict(m);
    if (optimizer != null && !o.isEmpty()) {
      optimizer.loadState(o);
    }
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
    Map<String, String> meta = metadata(modelConfig, optimizer, epoch, seed);
    meta.put("model.layers", model.toString());
    meta.putAll(extra);
    SafeTensors.save(file, tensors(model, optimizer), meta);
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
    return (model, optimizer, epoch, seed) -> {
      try {
        save(file, model, optimizer, modelConfig, epoch, seed, extra);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the checkpoint " + file, e);
      }
    };
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
}
