package gradgraph.models.train;

import gradgraph.core.tensor.Errors;
import gradgraph.models.data.Dataset;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Data-parallel training on a cluster, for {@code gradgraph train --spark MASTER}. The models
 * module only declares it; the module {@code distributed} implements it on Apache Spark and is
 * found with {@link ServiceLoader} when its jars are on the class path (the launcher adds them when
 * {@code --spark} is given).
 */
public interface DistributedFit {
  /**
   * What to train and how.
   *
   * @param master the Spark master URL, e.g. {@code local[2]} or {@code spark://host:7077}
   * @param modelName the {@link gradgraph.models.zoo.Zoo} name; every worker builds the model from
   *     it
   * @param seed the seed of the model and of the shuffling
   * @param epochs the total number of epochs, counting those before a resume
   * @param batchSize the global batch size, split across the workers
   * @param baseLr the optimizer's learning rate before the schedule
   * @param schedule the learning-rate schedule
   * @param checkpoint where a checkpoint goes after every epoch, or null
   * @param out where the per-epoch lines go
   * @param averageEvery 0 for synchronous SGD (the slices' gradients summed every step); k &gt; 0
   *     for parameter averaging: every task trains its own copy of the model and optimizer for k
   *     steps on its share of k global batches, then the copies (weights and optimizer state) are
   *     averaged, weighted by the examples each saw. k = 1 with plain SGD equals synchronous SGD
   */
  record Job(
      String master,
      String modelName,
      long seed,
      int epochs,
      int batchSize,
      double baseLr,
      LrSchedule schedule,
      TrainingCheckpoint.Sink checkpoint,
      PrintWriter out,
      int averageEvery) {
    /**
     * Checks the settings.
     *
     * @param master see the record
     * @param modelName see the record
     * @param seed see the record
     * @param epochs see the record
     * @param batchSize see the record
     * @param baseLr see the record
     * @param schedule see the record
     * @param checkpoint see the record
     * @param out see the record
     * @param averageEvery see the record
     */
    public Job {
      Errors.check(
          averageEvery >= 0,
          "train --spark",
          "averageEvery",
          "must be 0 (synchronous) or a number of steps >= 1, got " + averageEvery);
    }
  }

  /**
   * Trains a model on the cluster; the model and optimizer end in the trained state, as after
   * {@link Trainer#fit(Module, Optimizer, Dataset, Dataset, int)}.
   *
   * @param job the settings
   * @param model the model, built from {@code job.modelName()} and {@code job.seed()} (modified)
   * @param optimizer its optimizer (modified)
   * @param train the training set
   * @param test the test set, evaluated every epoch; may be null
   * @param epochsDone the epochs already trained (after a resume)
   * @param earlier the curves of those epochs, which the result continues; null when the checkpoint
   *     held none (the result then starts at epoch {@code epochsDone + 1})
   * @return what was measured, the earlier curves included
   */
  History fit(
      Job job,
      Module model,
      Optimizer optimizer,
      Dataset train,
      Dataset test,
      int epochsDone,
      History earlier);

  /**
   * Finds the implementation on the class path.
   *
   * @return the first one found, or empty when the distributed module is absent
   */
  static Optional<DistributedFit> find() {
    return ServiceLoader.load(DistributedFit.class).findFirst();
  }

  /**
   * Records a training step's loss in a history (for implementations outside this package).
   *
   * @param history the history
   * @param loss the step's loss
   */
  static void recordStep(History history, double loss) {
    history.addIteration(loss);
  }

  /**
   * Records an epoch's results in a history (for implementations outside this package).
   *
   * @param history the history
   * @param loss the epoch's mean training loss
   * @param trainAcc the training accuracy
   * @param testAcc the test accuracy, or NaN without a test set
   * @param seconds the epoch's training time
   */
  static void recordEpoch(
      History history, double loss, double trainAcc, double testAcc, double seconds) {
    history.addEpoch(loss, trainAcc, Double.NaN, testAcc, seconds);
  }
}
