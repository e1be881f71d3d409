package gradgraph.models.cli;

import gradgraph.core.device.Device;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.Transforms;
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
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "gradgraph-out",
      description = "Directory for the confusion matrix (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter w = spec.commandLine().getOut();
    SafeTensors.Loaded ck = TrainingCheckpoint.load(weights);
    String modelName = ck.metadata().get("model");
    if (modelName == null || !Zoo.names().contains(modelName)) {
      throw new IllegalStateException(
          weights
              + " does not name a model of the zoo (metadata 'model' is "
              + modelName
              + "); was it written by 'gradgraph train --save'?");
    }
    String dataName = data != null ? data : ck.metadata().getOrDefault("data", "fashion-mnist");
    Dataset test = Cli.loadData(dataName, dataDir).test();
    if (ck.metadata().containsKey("input.mean")) {
      // the standardization the model was trained with
      test =
          test.map(
              Transforms.normalize(
                  Double.parseDouble(ck.metadata().get("input.mean")),
                  Double.parseDouble(ck.metadata().get("input.std"))));
    }
    long seed = Long.parseLong(ck.metadata().getOrDefault("seed", "0"));
    Module m = Zoo.create(modelName, test.exampleShape(), test.numClasses(), seed);
    TrainingCheckpoint.restore(ck.tensors(), m, null);
    Device dev = Device.parse(device);
    m.to(dev);
    List<Path> written = new ArrayList<>();
    ConfusionMatrix cm = Cli.writeConfusion(m, test, dev, Cli.outDir(out), modelName, written);
    double acc = cm.accuracy();
    w.println(
        "model: "
            + modelName
            + " (epoch "
            + ck.metadata().getOrDefault("epoch", "?")
            + ", seed "
            + seed
            + ", gradgraph "
            + ck.metadata().getOrDefault(SafeTensors.LIBRARY_VERSION_KEY, "?")
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
