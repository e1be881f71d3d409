package gradgraph.distributed;

import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Batch;
import gradgraph.models.data.DataLoader;
import gradgraph.models.data.Dataset;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.DistributedFit;
import gradgraph.models.train.DivergedException;
import gradgraph.models.train.History;
import gradgraph.models.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel SGD on Apache Spark. Every step takes the same global batch as {@link
 * Trainer} would (same seed, same shuffling), splits it into one slice per Spark task ({@code
 * defaultParallelism}, e.g. 2 for {@code local[2]}), broadcasts the parameters, lets each task
 * compute its slice's gradients with the ordinary engine, sums them with {@code treeAggregate}
 * (weighted by slice size, so the sum is the gradient of the global batch's mean loss) and applies
 * one step of the driver's optimizer. The result equals single-machine training up to float
 * rounding, for models whose layers do not mix examples (BatchNorm statistics and dropout masks are
 * per slice).
 */
public final class SparkFit implements DistributedFit {
  /** Creates the service (found by {@link java.util.ServiceLoader}). */
  public SparkFit() {}

  @Override
  public History fit(
      Job job,
      Module model,
      Optimizer optimizer,
      Dataset train,
      Dataset test,
      int epochsDone,
      History earlier) {
    SparkConf conf =
        new SparkConf()
            .setMaster(job.master())
            .setAppName("gradgraph train " + job.modelName())
            .set("spark.ui.enabled", "false");
    if (job.master().startsWith("local")) {
      // one JVM: no need for the host's network name (which may not resolve)
      conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      return fit(sc, job, model, optimizer, train, test, epochsDone, earlier);
    }
  }

  /**
   * Trains on an existing Spark context (tests share one; {@code spark-submit} users may pass
   * theirs).
   *
   * @param sc the context; its {@code defaultParallelism} is the number of slices per batch
   * @param job the settings ({@code master} is ignored)
   * @param model the model, built from {@code job.modelName()} and {@code job.seed()} (modified)
   * @param optimizer its optimizer (modified)
   * @param train the training set
   * @param test the test set; may be null
   * @param epochsDone the epochs already trained
   * @param earlier the curves of those epochs, continued by the result; or null
   * @return what was measured, the earlier curves included
   */
  public static History fit(
      JavaSparkContext sc,
      Job job,
      Module model,
      Optimizer optimizer,
      Dataset train,
      Dataset test,
      int epochsDone,
      History earlier) {
    Errors.check(
        epochsDone >= 0 && epochsDone <= job.epochs(),
        "train --spark",
        "epochsDone",
        "must be in [0, epochs=" + job.epochs() + "], got " + epochsDone);
    List<Parameter> params = model.parameters();
    DType dtype = params.get(0).value().dtype();
    Worker worker =
        new Worker(job.modelName(), train.exampleShape(), train.numClasses(), job.seed(), dtype);
    int tasks = Math.max(1, sc.defaultParallelism());
    DataLoader loader = new DataLoader(train, job.batchSize(), true, job.seed(), false);
    Dataset trainEval = train.size() > 1000 ? train.take(1000) : train;
    int perEpoch = loader.batchesPerEpoch();
    long totalSteps = (long) perEpoch * job.epochs();
    History history = earlier == null ? new History() : earlier.copy();
    for (int epoch = epochsDone + 1; epoch <= job.epochs(); epoch++) {
      long t0 = System.nanoTime();
      long at = (long) (epoch - 1) * perEpoch;
      double sum = 0;
      int steps = 0;
      int seen = 0;
      int k = Math.max(job.averageEvery(), 1);
      for (Iterator<Batch> it = loader.epoch(epoch - 1).iterator(); it.hasNext(); ) {
        // a round: one step when synchronous, up to k steps (never past the epoch) when averaging
        List<Batch> round = new ArrayList<>(k);
        double[] lrs = new double[k];
        while (round.size() < k && it.hasNext()) {
          lrs[round.size()] = job.schedule().lr(job.baseLr(), at++, totalSteps, perEpoch);
          round.add(it.next());
        }
        lrs = Arrays.copyOf(lrs, round.size());
        double[] losses;
        if (job.averageEvery() == 0) {
          optimizer.lr(lrs[0]);
          losses = new double[] {step(sc, worker, model, optimizer, round.get(0), tasks)};
        } else {
          losses = average(sc, worker, model, optimizer, round, lrs, tasks);
        }
        for (int j = 0; j < losses.length; j++) {
          if (!Double.isFinite(losses[j])) {
            throw DivergedException.at(losses[j], epoch, steps + 1, perEpoch, lrs[j]);
          }
          DistributedFit.recordStep(history, losses[j]);
          sum += losses[j];
          steps++;
          seen += round.get(j).size();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double trainAcc = Trainer.accuracy(model, trainEval, job.batchSize(), Device.CPU);
      double testAcc =
          test == null ? Double.NaN : Trainer.accuracy(model, test, job.batchSize(), Device.CPU);
      double mean = sum / Math.max(steps, 1);
      DistributedFit.recordEpoch(history, mean, trainAcc, testAcc, seconds);
      String line =
          Trainer.epochLine(
              epoch,
              trainAcc,
              Double.NaN,
              testAcc,
              mean,
              seconds,
              seen,
              ", " + tasks + " Spark tasks per step");
      job.out().println(line);
      job.out().flush();
      if (job.checkpoint() != null) {
        job.checkpoint().save(model, optimizer, epoch, job.seed(), history);
      }
    }
    return history;
  }

  /** One synchronous step: gradients of the slices summed on the cluster, one optimizer step. */
  private static double step(
      JavaSparkContext sc, Worker worker, Module model, Optimizer optimizer, Batch b, int tasks) {
    List<Parameter> params = model.parameters();
    double[] flat = flatten(params);
    List<Slice> slices = slices(b, tasks);
    Broadcast<double[]> shared = sc.broadcast(flat);
    double[] total;
    try {
      total =
          sc.parallelize(slices, slices.size())
              .map(s -> worker.gradients(shared.value(), s))
              .treeAggregate(new double[flat.length + 1], SparkFit::addInto, SparkFit::addInto);
    } finally {
      shared.destroy();
    }
    unflatten(total, params, params.get(0).value().dtype(), true);
    optimizer.step();
    model.clearGrads();
    return total[flat.length];
  }

  /**
   * One round of parameter averaging: task p trains its own copy on slice p of each of the round's
   * batches, one optimizer step per batch, from the driver's weights and optimizer state; the
   * copies are averaged (weighted by the examples each saw) into the driver's model and optimizer.
   *
   * @return the loss of each step: the batch's slices' losses at their tasks' weights, weighted
   */
  private static double[] average(
      JavaSparkContext sc,
      Worker worker,
      Module model,
      Optimizer optimizer,
      List<Batch> round,
      double[] lrs,
      int tasks) {
    List<List<Slice>> perTask = new ArrayList<>();
    int examples = 0;
    for (int j = 0; j < round.size(); j++) {
      List<Slice> s = slices(round.get(j), tasks, j);
      for (int p = 0; p < s.size(); p++) {
        if (perTask.size() <= p) {
          perTask.add(new ArrayList<>());
        }
        perTask.get(p).add(s.get(p));
      }
      examples += round.get(j).size();
    }
    int total = examples;
    Broadcast<Averaging.Start> shared = sc.broadcast(Averaging.start(model, optimizer));
    Averaging.Part avg;
    try {
      avg =
          sc.parallelize(perTask, perTask.size())
              .map(mine -> worker.train(shared.value(), mine, lrs, total))
              .treeAggregate(Averaging.zero(lrs.length), Averaging::add, Averaging::add);
    } finally {
      shared.destroy();
    }
    DType dtype = model.parameters().get(0).value().dtype();
    unflatten(avg.params(), model.parameters(), dtype, false);
    optimizer.loadState(Averaging.tensors(avg.state(), dtype));
    optimizer.lr(lrs[lrs.length - 1]);
    return avg.losses();
  }

  private static double[] addInto(double[] acc, double[] g) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += g[i];
    }
    return acc;
  }

  /** Splits a batch into at most {@code tasks} contiguous slices of near-equal size. */
  static List<Slice> slices(Batch b, int tasks) {
    return slices(b, tasks, 0);
  }

  /** The same, the slices marked as the round's batch {@code step}. */
  static List<Slice> slices(Batch b, int tasks, int step) {
    int n = b.size();
    int parts = Math.min(tasks, n);
    int[] shape = b.x().shape();
    int per = b.x().size() / n;
    double[] x = b.x().toDoubleArray();
    List<Slice> out = new ArrayList<>(parts);
    int from = 0;
    for (int p = 0; p < parts; p++) {
      int to = (int) ((long) n * (p + 1) / parts);
      int[] s = shape.clone();
      s[0] = to - from;
      out.add(
          new Slice(
              Arrays.copyOfRange(x, from * per, to * per),
              s,
              Arrays.copyOfRange(b.labels(), from, to),
              (double) (to - from) / n,
              step));
      from = to;
    }
    return out;
  }

  /** Every parameter's values, concatenated in order. */
  static double[] flatten(List<Parameter> params) {
    int n = 0;
    for (Parameter p : params) {
      n += p.value().size();
    }
    double[] out = new double[n];
    int at = 0;
    for (Parameter p : params) {
      double[] v = p.value().toDoubleArray();
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /**
   * Writes a flat array back as the parameters' values, or as their gradients.
   *
   * @param flat the values, in {@link #flatten} layout (extra trailing elements are ignored)
   * @param params the parameters
   * @param dtype their dtype
   * @param asGrads set the gradients instead of the values
   */
  static void unflatten(double[] flat, List<Parameter> params, DType dtype, boolean asGrads) {
    int at = 0;
    for (Parameter p : params) {
      int[] shape = p.value().shape();
      int n = p.value().size();
      Tensor t = Tensor.of(Arrays.copyOfRange(flat, at, at + n), shape).to(dtype);
      if (asGrads) {
        p.setGrad(Variable.constant(t));
      } else {
        p.setValue(t);
      }
      at += n;
    }
  }
}
