package gradgraph.models.cli;

import gradgraph.core.device.Device;
import gradgraph.core.tensor.Errors;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.Transforms;
import gradgraph.models.io.FileFormatException;
import gradgraph.models.io.SafeTensors;
import gradgraph.models.metrics.ConfusionMatrix;
import gradgraph.models.nn.Module;
import gradgraph.models.train.TrainingCheckpoint;
import gradgraph.models.zoo.Zoo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgraph eval}: the test accuracy of a saved checkpoint. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Loads a checkpoint written by 'train --save', measures its test accuracy and writes the"
            + " confusion matrix (text and PNG).")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "FILE",
      description = "The checkpoint (.safetensors).")
  Path weights;

  @Option(
      names = "--data",
      description = "fashion-mnist, mnist, spiral or sample (default: the one it was trained on).")
  String data;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the IDX files.")
  Path dataDir;

  @Option(
      names = "--batch-size",
      defaultValue = "500",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N].")
  String device;

  @Option(
      names = "--allow-non-finite",
      description = "Evaluate even if the weights hold NaN or infinity (with a warning).")
  boolean allowNonFinite;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "gradgraph-out",
      description = "Directory for the confusion matrix (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    Errors.check(batchSize >= 1, "--batch-size", "value", "must be >= 1, got " + batchSize);
    Map<String, String> meta = Cli.checkpointMetadata("--weights", weights);
    String modelName = meta.get("model");
    if (modelName == null || !Zoo.names().contains(modelName)) {
      throw new CliException(
          Main.FAILED,
          "--weights: "
              + weights
              + " does not name a model of the zoo (metadata 'model' is "
              + (modelName == null ? "absent" : "'" + modelName + "'")
              + "); was it written by 'gradgraph train --save'?",
          null);
    }
    Path dir = Cli.outDir(out);
    long seed;
    double mean;
    double std;
    try {
      seed = TrainingCheckpoint.longMetadata(weights, meta, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
      mean = TrainingCheckpoint.doubleMetadata(weights, meta, "input.mean");
      std = TrainingCheckpoint.doubleMetadata(weights, meta, "input.std");
      if (!Double.isNaN(mean) && !(std > 0)) {
        throw new FileFormatException(
            weights.toString(), "metadata 'input.std' is '" + meta.get("input.std") + "', not > 0");
      }
    } catch (IOException e) {
      throw CliException.about("--weights", e);
    }
    String dataName = data != null ? data : meta.getOrDefault("data", "fashion-mnist");
    Dataset test = Cli.loadData(dataName, dataDir).test();
    if (!Double.isNaN(mean)) {
      test = test.map(Transforms.normalize(mean, std)); // the standardization it was trained with
    }
    Module m = Zoo.create(modelName, test.exampleShape(), test.numClasses(), seed);
    TrainingCheckpoint.Resumed r;
    try {
      r = TrainingCheckpoint.resume(weights, m, null, allowNonFinite);
    } catch (IOException e) {
      throw CliException.about("--weights", e);
    }
    if (!r.nonFinite().isEmpty()) {
      w.println(
          "warning: "
              + weights
              + ": "
              + r.nonFinite()
              + " hold NaN or infinity; loaded because of --allow-non-finite");
    }
    Device dev = Device.parse(device);
    m.to(dev);
    List<Path> written = new ArrayList<>();
    ConfusionMatrix cm = Cli.writeConfusion(m, test, dev, batchSize, dir, modelName, written);
    double acc = cm.accuracy();
    w.println(
        "model: "
            + modelName
            + " (epoch "
            + r.epoch()
            + ", seed "
            + seed
            + ", gradgraph "
            + meta.getOrDefault(SafeTensors.LIBRARY_VERSION_KEY, "?")
            + ("true".equals(meta.get(TrainingCheckpoint.WEIGHTS_ONLY_KEY)) ? ", weights only" : "")
            + ")");
    w.println("data: " + test);
    w.println("test acc: " + Cli.acc(acc));
    w.println(cm.toText());
    w.println("wrote");
    for (Path p : written) {
      w.println("  " + p);
    }
    w.flush();
    return Main.OK;
  }
}
