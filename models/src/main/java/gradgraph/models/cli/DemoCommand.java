package gradgraph.models.cli;

import gradgraph.core.check.GradCheckReport;
import gradgraph.core.device.Device;
import gradgraph.models.data.DataNotFoundException;
import gradgraph.models.data.DataOptions;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.FashionMnist;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.train.History;
import gradgraph.models.train.ModelGradCheck;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.SimpleConvNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgraph demo}: the tour: diagrams, a short CNN training, curves, a gradient check. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Draws the book's apple graphs, trains SimpleConvNet briefly on Fashion-MNIST (the full set"
          + " when installed, else the bundled 2 000-image sample), and writes the diagram of its"
          + " training step, loss/accuracy curves, a confusion matrix and a gradient-check report into"
          + " --out."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ThreadsOption threadsOption;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "gradgraph-out",
      description = "Directory for everything written (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--sample",
      description = "Use the bundled sample even when the full data set is installed.")
  boolean sampleOnly;

  @Option(
      names = "--epochs",
      defaultValue = "2",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--train-size",
      paramLabel = "N",
      description =
          "Training images used, to stay brief (default: 20000 of the full set, all 2000 of the"
              + " sample).")
  Integer trainSize;

  @Option(
      names = "--test-size",
      paramLabel = "N",
      description = "Test images used (default: all 10000 of the full set, all 500 of the sample).")
  Integer testSize;

  @Override
  public Integer call() throws IOException {
    threadsOption.apply();
    PrintWriter w = spec.commandLine().getOut();
    Path dir = Cli.outDir(out);
    List<Path> written = new ArrayList<>();

    w.println("1. the book's apple-price graphs, forward and backward");
    String apple = Cli.writeApple(dir, w);
    w.print(apple.substring(0, apple.indexOf("wrote")));
    for (String name :
        List.of(
            "apple.dot",
            "apple.svg",
            "apple.png",
            "apple-orange.dot",
            "apple-orange.svg",
            "apple-orange.png")) {
      if (Files.exists(dir.resolve(name))) {
        written.add(dir.resolve(name));
      }
    }

    IdxDatasets.TrainTest data = null;
    if (!sampleOnly) {
      try {
        data = FashionMnist.load(DataOptions.defaults().withDownload(false).withProgress(null));
      } catch (DataNotFoundException e) {
        data = null;
      }
    }
    boolean full = data != null;
    if (!full) {
      data = FashionMnist.sample();
    }
    Dataset[] sets = {
      data.train().take(trainSize != null ? trainSize : full ? 20000 : 2000),
      data.test().take(testSize != null ? testSize : full ? 10000 : 500)
    };
    Cli.standardize(sets);
    Dataset train = sets[0];
    Dataset test = sets[1];
    w.println();
    w.println(
        "2. SimpleConvNet on "
            + (full ? "Fashion-MNIST (" + data.source() + ")" : "the bundled Fashion-MNIST sample")
            + ": "
            + train.size()
            + " training images, "
            + test.size()
            + " test images, Adam 0.001, batch 100, "
            + epochs
            + " epochs");
    SimpleConvNet model = new SimpleConvNet(42);
    written.addAll(Cli.writeStepDiagram(model, test, dir, "cnn-step"));
    History h =
        new Trainer()
            .epochs(epochs)
            .batchSize(100)
            .optimizer("adam")
            .lr(0.001)
            .seed(42)
            .out(w)
            .progress(ProgressReporter.auto(w))
            .fit(model, train, test);
    written.addAll(Cli.writeCurves(h, dir, "cnn"));
    Cli.writeConfusion(model, test, Device.CPU, 500, dir, "cnn", written);

    w.println();
    w.println("3. gradient check of SimpleConvNet (narrow variant, float64)");
    GradCheckReport r = ModelGradCheck.check("cnn", 42);
    Path report = dir.resolve("gradcheck-cnn.txt");
    gradgraph.core.io.AtomicFiles.writeString(report, r + System.lineSeparator());
    written.add(report);
    w.println(
        "  " + (r.passed() ? "passed" : "FAILED") + " (" + r.entries().size() + " parameters)");

    w.println();
    w.println("test accuracy: " + Cli.acc(h.finalTestAccuracy()));
    w.println("wrote");
    for (Path p : written) {
      w.println("  " + p);
    }
    w.flush();
    return r.passed() ? Main.OK : Main.FAILED;
  }
}
