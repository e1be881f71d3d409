package gradgraph.models.train;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training state a checkpoint holds: the model's {@link Module#stateDict()} under {@code
 * model.}, the optimizer's {@link Optimizer#state()} under {@code optim.}, and metadata (format
 * version, model configuration, optimizer settings, seed, epoch, library version).
 */
public final class TrainingCheckpoint {
  /** The metadata key of the checkpoint format version. */
  public static final String FORMAT_KEY = "gradgraph.format";

  /** The current checkpoint format version. */
  public static final String FORMAT = "gradgraph-checkpoint/1";

  /** The library version written into checkpoints. */
  public static final String LIBRARY_VERSION = "0.1.0-SNAPSHOT";

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
    m.put(FORMAT_KEY, FORMAT);
    m.put("gradgraph.version", LIBRARY_VERSION);
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
}
