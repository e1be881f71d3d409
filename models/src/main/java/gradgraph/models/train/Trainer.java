package gradgraph.models.train;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Augment;
import gradgraph.models.data.Batch;
import gradgraph.models.data.DataLoader;
import gradgraph.models.data.Dataset;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.ops.Ops;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;

/**
 * Trains a classifier with softmax cross-entropy (plus the model's {@link Module#penalty()}) on
 * mini-batches, as the book's {@code Trainer} does, and evaluates it after every epoch:
 *
 * <pre>{@code
 * History h = new Trainer().epochs(5).batchSize(100).optimizer("sgd").lr(0.1).seed(42)
 *     .fit(new TwoLayerNet(784, 50, 10, 42), train, test);
 * }</pre>
 *
 * <p>Each epoch shows a progress bar (loss, samples/s) on a terminal or plain lines otherwise, then
 * prints the book's line {@code === epoch:1, train acc:0.871, test acc:0.862 ===}; training
 * accuracy is measured on the first {@link #trainEvalSamples(int)} training examples.
 *
 * <p>Reproducible: the shuffling of epoch {@code e} is drawn from {@code (seed, e)}, dropout masks
 * from their layer's seed and call count; the same seed, data and model give the same losses, bit
 * for bit, on the same machine. With {@link #checkpoint(TrainingCheckpoint.Sink)} the model and
 * optimizer state are saved after every epoch, and a run resumed from such a checkpoint continues
 * the same loss curve.
 */
public final class Trainer {
  private int epochs = 1;
  private int batchSize = 100;
  private String optimizerName = "sgd";
  private double lr = 0.01;
  private LrSchedule schedule = LrSchedule.constant();
  private Augment augment;
  private Function<Module, Optimizer> optimizerFactory;
  private long seed = 42;
  private double validationSplit;
  private int trainEvalSamples = 1000;
  private Device device = Device.CPU;
  private PrintWriter out = new PrintWriter(System.out, true);
  private ProgressReporter progress;
  private TrainingCheckpoint.Sink checkpoint;
  private boolean stopOnNonFinite = true;
  private EpochListener listener;

  /** Creates a trainer with 1 epoch, batch 100, SGD 0.01, seed 42. */
  public Trainer() {}

  /** Called after every epoch, e.g. to save curves. */
  @FunctionalInterface
  public interface EpochListener {
    /**
     * Receives an epoch's results.
     *
     * @param epoch the epoch just finished, from 1
     * @param history everything measured so far
     */
    void onEpoch(int epoch, History history);
  }

  /**
   * Sets the number of epochs (the total, counting those before a resume).
   *
   * @param n at least 1
   * @return this
   */
  public Trainer epochs(int n) {
    Errors.check(n >= 1, "Trainer", "epochs", "must be >= 1, got " + n);
    epochs = n;
    return this;
  }

  /**
   * Sets the batch size.
   *
   * @param n at least 1
   * @return this
   */
  public Trainer batchSize(int n) {
    Errors.check(n >= 1, "Trainer", "batchSize", "must be >= 1, got " + n);
    batchSize = n;
    return this;
  }

  /**
   * Chooses an optimizer by name ({@link Optimizer#names()}), with the learning rate of {@link
   * #lr(double)}.
   *
   * @param name e.g. {@code adam}
   * @return this
   */
  public Trainer optimizer(String name) {
    Errors.check(
        Optimizer.names().contains(name.toLowerCase(Locale.ROOT)),
        "Trainer",
        "optimizer",
        "'" + name + "' is not one of " + String.join(", ", Optimizer.names()));
    optimizerName = name;
    optimizerFactory = null;
    return this;
  }

  /**
   * Builds the optimizer with a function of the model (for custom settings).
   *
   * @param factory creates the optimizer
   * @return this
   */
  public Trainer optimizer(Function<Module, Optimizer> factory) {
    optimizerFactory = factory;
    return this;
  }

  /**
   * Sets the learning rate of an optimizer chosen by name.
   *
   * @param value the rate
   * @return this
   */
  public Trainer lr(double value) {
    Errors.check(value > 0, "Trainer", "lr", "must be > 0, got " + value);
    lr = value;
    return this;
  }

  /**
   * Sets the seed of the shuffling and of the validation split.
   *
   * @param value the seed
   * @return this
   */
  public Trainer seed(long value) {
    seed = value;
    return this;
  }

  /**
   * Holds out a fraction of the training set for validation, evaluated every epoch.
   *
   * @param fraction in {@code [0, 1)}
   * @return this
   */
  public Trainer validationSplit(double fraction) {
    Errors.check(
        fraction >= 0 && fraction < 1,
        "Trainer",
        "validationSplit",
        "must be in [0, 1), got " + fraction);
    validationSplit = fraction;
    return this;
  }

  /**
   * Sets how many training examples the per-epoch training accuracy uses (the book's {@code
   * evaluate_sample_num_per_epoch}).
   *
   * @param n a count; 0 for all
   * @return this
   */
  public Trainer trainEvalSamples(int n) {
    Errors.check(n >= 0, "Trainer", "trainEvalSamples", "must be >= 0, got " + n);
    trainEvalSamples = n;
    return this;
  }

  /**
   * Sets the device the model and batches are moved to.
   *
   * @param value the device
   * @return this
   */
  public Trainer device(Device value) {
    device = value;
    return this;
  }

  /**
   * Sets where epoch lines go.
   *
   * @param value the stream
   * @return this
   */
  public Trainer out(PrintWriter value) {
    out = value;
    return this;
  }

  /**
   * Sets the in-epoch progress display; by default a bar on a terminal, plain lines otherwise.
   *
   * @param value the reporter
   * @return this
   */
  public Trainer progress(ProgressReporter value) {
    progress = value;
    return this;
  }

  /**
   * Saves a checkpoint after every epoch.
   *
   * @param sink where checkpoints go
   * @return this
   */
  public Trainer checkpoint(TrainingCheckpoint.Sink sink) {
    checkpoint = sink;
    return this;
  }

  /**
   * Sets whether a NaN or infinite loss stops training with a {@link DivergedException} (the
   * default) or is recorded and training goes on, as experiments that study divergence want (the
   * book's batch-norm comparison trains some weight scales into NaN on purpose).
   *
   * @param stop true to stop at the first non-finite loss
   * @return this
   */
  public Trainer stopOnNonFiniteLoss(boolean stop) {
    stopOnNonFinite = stop;
    return this;
  }

  /**
   * Registers a callback run after every epoch.
   *
   * @param value the callback
   * @return this
   */
  public Trainer onEpoch(EpochListener value) {
    listener = value;
    return this;
  }

  /**
   * Sets how the learning rate changes over the run (default constant, as in the book). The rate is
   * recomputed before every step from the step's index, so resuming follows the same curve.
   *
   * @param value the schedule, e.g. {@link LrSchedule#cosine()}
   * @return this
   */
  public Trainer lrSchedule(LrSchedule value) {
    schedule = java.util.Objects.requireNonNull(value, "Trainer: lrSchedule: must not be null");
    return this;
  }

  /**
   * Augments every training batch (never the evaluation sets); {@code null} turns it off. The
   * augmenter's own seed is ignored: each epoch draws from a generator derived from the trainer's
   * seed and the epoch number, so runs are reproducible and resumable.
   *
   * @param value the augmentation, or null
   * @return this trainer
   */
  public Trainer augment(Augment value) {
    this.augment = value;
    return this;
  }

  /**
   * Returns the seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Creates the optimizer this trainer would use for a model.
   *
   * @param model the model
   * @return a new optimizer
   */
  public Optimizer createOptimizer(Module model) {
    return optimizerFactory != null
        ? optimizerFactory.apply(model)
        : Optimizer.create(optimizerName, model, lr);
  }

  /**
   * Trains a model from scratch.
   *
   * @param model the model (modified)
   * @param train the training set
   * @param test the test set, evaluated every epoch; may be null
   * @return what was measured
   */
  public History fit(Module model, Dataset train, Dataset test) {
    model.to(device);
    return fit(model, createOptimizer(model), train, test, 0);
  }

  /**
   * Trains a model, starting after {@code epochsDone} epochs (to resume from a checkpoint whose
   * state is already loaded into the model and optimizer).
   *
   * @param model the model (modified)
   * @param optimizer its optimizer
   * @param train the training set
   * @param test the test set; may be null
   * @param epochsDone the epochs already trained
   * @return what was measured in this run
   */
  public History fit(
      Module model, Optimizer optimizer, Dataset train, Dataset test, int epochsDone) {
    return fit(model, optimizer, train, test, epochsDone, new History());
  }

  /**
   * Continues a run whose history was saved in a checkpoint ({@link TrainingCheckpoint#resume}):
   * the returned history holds the earlier epochs and the new ones, so curves drawn from it
   * continue the earlier ones.
   *
   * @param model the model (modified), its state already loaded
   * @param optimizer its optimizer, its state already loaded
   * @param train the training set
   * @param test the test set; may be null
   * @param earlier what the earlier run measured; its epoch count is the epochs already trained
   * @return the earlier history continued with this run's epochs
   */
  public History fit(
      Module model, Optimizer optimizer, Dataset train, Dataset test, History earlier) {
    return fit(model, optimizer, train, test, earlier.epochs(), earlier.copy());
  }

  private History fit(
      Module model,
      Optimizer optimizer,
      Dataset train,
      Dataset test,
      int epochsDone,
      History history) {
    Errors.check(
        epochsDone >= 0 && epochsDone <= epochs,
        "Trainer",
        "epochsDone",
        "must be in [0, epochs=" + epochs + "], got " + epochsDone);
    Dataset trainPart = train;
    Dataset validation = null;
    if (validationSplit > 0) {
      Dataset.Split split = train.split(validationSplit, seed);
      trainPart = split.train();
      validation = split.validation();
    }
    // the next batch is assembled on a background thread while this one trains
    DataLoader plain = new DataLoader(trainPart, batchSize, true, seed, false).withPrefetch();
    DataLoader loader = plain;
    Dataset trainEval =
        trainEvalSamples > 0 && trainEvalSamples < trainPart.size()
            ? trainPart.take(trainEvalSamples)
            : trainPart;
    ProgressReporter bar = progress != null ? progress : ProgressReporter.auto(out);
    double baseLr = optimizerFactory == null ? lr : optimizer.lr();
    int perEpoch = loader.batchesPerEpoch();
    long totalSteps = (long) perEpoch * epochs;
    for (int epoch = epochsDone + 1; epoch <= epochs; epoch++) {
      if (augment != null) {
        // a generator per epoch, derived from the seed: a resumed run augments as an unbroken one
        loader = plain.withTransform(augment.withSeed(seed * 1_000_003L + epoch));
      }
      bar.start(epoch, epochs, loader.batchesPerEpoch());
      long t0 = System.nanoTime();
      double sum = 0;
      int seen = 0;
      int steps = 0;
      try (Scope train1 = Mode.train()) {
        long at = (long) (epoch - 1) * perEpoch;
        for (Batch b : loader.epoch(epoch - 1)) {
          optimizer.lr(schedule.lr(baseLr, at++, totalSteps, perEpoch));
          double loss = step(model, optimizer, b);
          if (stopOnNonFinite && !Double.isFinite(loss)) {
            bar.end();
            throw DivergedException.at(loss, epoch, steps + 1, perEpoch, optimizer.lr());
          }
          history.addIteration(loss);
          sum += loss;
          steps++;
          seen += b.size();
          double secs = (System.nanoTime() - t0) / 1e9;
          bar.step(sum / steps, seen / Math.max(secs, 1e-9));
        }
      }
      bar.end();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double trainAcc = accuracy(model, trainEval, batchSize, device);
      double valAcc =
          validation == null ? Double.NaN : accuracy(model, validation, batchSize, device);
      double testAcc = test == null ? Double.NaN : accuracy(model, test, batchSize, device);
      history.addEpoch(sum / Math.max(steps, 1), trainAcc, valAcc, testAcc, seconds);
      String line =
          epochLine(epoch, trainAcc, valAcc, testAcc, sum / Math.max(steps, 1), seconds, seen, "");
      out.println(line);
      out.flush();
      if (checkpoint != null) {
        checkpoint.save(model, optimizer, epoch, seed, history);
      }
      if (listener != null) {
        listener.onEpoch(epoch, history);
      }
    }
    return history;
  }

  /**
   * The line printed after each epoch, in the book's format: {@code === epoch:3, train acc:0.918,
   * test acc:0.890 === (loss 0.2847, 8.2 s, 7353 samples/s)}.
   *
   * @param epoch the epoch, from 1
   * @param trainAcc the training accuracy
   * @param valAcc the validation accuracy, or NaN (left out)
   * @param testAcc the test accuracy, or NaN (left out)
   * @param loss the epoch's mean loss
   * @param seconds the epoch's training time
   * @param seen the examples trained on
   * @param more text added inside the parentheses, e.g. {@code ", 2 Spark tasks per step"}
   * @return the line
   */
  public static String epochLine(
      int epoch,
      double trainAcc,
      double valAcc,
      double testAcc,
      double loss,
      double seconds,
      int seen,
      String more) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "=== epoch:%d, train acc:%.3f", epoch, trainAcc));
    if (!Double.isNaN(valAcc)) {
      line.append(String.format(Locale.ROOT, ", val acc:%.3f", valAcc));
    }
    if (!Double.isNaN(testAcc)) {
      line.append(String.format(Locale.ROOT, ", test acc:%.3f", testAcc));
    }
    line.append(
        String.format(
            Locale.ROOT,
            " === (loss %.4f, %.1f s, %.0f samples/s%s)",
            loss,
            seconds,
            seen / Math.max(seconds, 1e-9),
            more));
    return line.toString();
  }

  /**
   * Runs one training step: forward, loss, backward, update; nothing of the graph survives it.
   *
   * @param model the model
   * @param optimizer the optimizer
   * @param b the batch
   * @return the loss
   */
  public double step(Module model, Optimizer optimizer, Batch b) {
    Variable logits = model.apply(Variable.constant(b.x().to(device)));
    Variable loss = Ops.softmaxCrossEntropy(logits, b.labels());
    Variable penalty = model.penalty();
    if (penalty != null) {
      loss = loss.add(penalty);
    }
    model.clearGrads();
    loss.backward();
    optimizer.step();
    double value = loss.item();
    model.clearGrads();
    return value;
  }

  /**
   * Predicts classes in evaluation mode without recording a graph.
   *
   * @param model the model
   * @param data the examples
   * @param batchSize examples per forward pass
   * @param device where the model lives
   * @return the predicted class of each example
   */
  public static int[] predict(Module model, Dataset data, int batchSize, Device device) {
    int[] pred = new int[data.size()];
    DataLoader loader = new DataLoader(data, batchSize);
    int at = 0;
    try (Scope off = Grad.disabled();
        Scope eval = Mode.eval()) {
      for (Batch b : loader.epoch(0)) {
        Tensor logits = model.apply(Variable.constant(b.x().to(device))).value();
        int[] p = logits.argMax(1);
        System.arraycopy(p, 0, pred, at, p.length);
        at += p.length;
      }
    }
    return pred;
  }

  /**
   * Measures accuracy in evaluation mode.
   *
   * @param model the model
   * @param data the examples
   * @param batchSize examples per forward pass
   * @param device where the model lives
   * @return the fraction of correct predictions
   */
  public static double accuracy(Module model, Dataset data, int batchSize, Device device) {
    if (data.size() == 0) {
      return Double.NaN;
    }
    int[] pred = predict(model, data, batchSize, device);
    int ok = 0;
    for (int i = 0; i < pred.length; i++) {
      if (pred[i] == data.label(i)) {
        ok++;
      }
    }
    return (double) ok / pred.length;
  }
}
