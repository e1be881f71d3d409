package gradgraph.models.cli;

import gradgraph.core.device.Device;
import gradgraph.core.tensor.Errors;
import gradgraph.models.data.Augment;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.DistributedFit;
import gradgraph.models.train.DivergedException;
import gradgraph.models.train.History;
import gradgraph.models.train.LrSchedule;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.train.TrainingCheckpoint;
import gradgraph.models.zoo.Zoo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgraph train}: trains a model from the zoo and writes its curves and checkpoint. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a model, printing the book's per-epoch lines and the final test accuracy, and writes"
          + " loss/accuracy curves (PNG, CSV) and the test confusion matrix into --out. With"
          + " --save, a safetensors checkpoint is written after every epoch; --resume continues"
          + " from one."
    })
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ThreadsOption threadsOption;

  @Option(
      names = "--model",
      defaultValue = "mlp",
      description = "two-layer, mlp, cnn, deep-cnn or resnet (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--data",
      defaultValue = "fashion-mnist",
      description = "fashion-mnist, mnist, spiral or sample (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Directory holding the four IDX files (.gz or not).")
  Path dataDir;

  @Option(
      names = "--epochs",
      defaultValue = "5",
      description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "100",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--optimizer",
      defaultValue = "adam",
      description =
          "sgd, momentum, nesterov, adagrad, rmsprop or adam (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--lr",
      description = "Learning rate (default: 0.1 for sgd, 0.001 for adam and rmsprop, else 0.01).")
  Double lr;

  @Option(
      names = "--lr-schedule",
      defaultValue = "constant",
      description = "constant, cosine or step:EPOCHS:GAMMA (default: ${DEFAULT-VALUE}).")
  String lrSchedule;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      description =
          "Augment training images: comma-separated flip[=P], shift=N, rotate=DEG, crop=SIZE[:PAD],"
              + " e.g. flip,shift=2 (default: none).")
  String augment;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu or cuda[:N] (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--validation-split",
      defaultValue = "0",
      description = "Fraction of the training set held out (default: ${DEFAULT-VALUE}).")
  double validationSplit;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Train on the first N training examples only (0: all).")
  int limit;

  @Option(names = "--save", paramLabel = "FILE", description = "Checkpoint written every epoch.")
  Path save;

  @Option(names = "--resume", paramLabel = "FILE", description = "Checkpoint to continue from.")
  Path resume;

  @Option(
      names = "--weights-only",
      description =
          "With --save: write the model's weights only (no optimizer state or curves): a smaller"
              + " file for eval and fine-tuning, which cannot be resumed.")
  boolean weightsOnly;

  @Option(
      names = "--init-from",
      paramLabel = "CKPT",
      description =
          "Fine-tuning: start from a checkpoint's weights (weights-only ones too). Tensors whose"
              + " names and shapes match the model are loaded; the others (e.g. a head for another"
              + " number of classes) keep their initial values and are listed. Optimizer state"
              + " and curves are not read, and training starts at epoch 1.")
  Path initFrom;

  @Option(
      names = "--freeze",
      paramLabel = "PREFIX[,PREFIX...]",
      split = ",",
      description =
          "Freeze the parameters whose dotted path starts with a prefix: a sub-module (conv1,"
              + " layers.fc1) or one parameter (fc1.weight). They are not trained; batch-norm"
              + " running statistics still update.")
  List<String> freeze;

  @Option(
      names = "--allow-non-finite",
      description =
          "Resume (or --init-from) from a checkpoint even if its weights hold NaN or infinity.")
  boolean allowNonFinite;

  @Option(
      names = "--spark",
      paramLabel = "MASTER",
      description =
          "Train data-parallel on Apache Spark, e.g. local[2] or spark://host:7077 (needs the"
              + " distributed module; see docs/distributed.md).")
  String spark;

  @Option(
      names = "--average-every",
      paramLabel = "K",
      defaultValue = "0",
      description =
          "With --spark: parameter averaging instead of synchronous SGD; every task trains its own"
              + " copy for K steps, then the copies are averaged (default: 0, synchronous).")
  int averageEvery;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "gradgraph-out",
      description = "Directory for curves (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    threadsOption.apply();
    PrintWriter w = spec.commandLine().getOut();
    Errors.check(epochs >= 1, "--epochs", "value", "must be >= 1, got " + epochs);
    Errors.check(batchSize >= 1, "--batch-size", "value", "must be >= 1, got " + batchSize);
    Errors.check(limit >= 0, "--limit", "value", "must be >= 0 (0 means all), got " + limit);
    Errors.check(
        validationSplit >= 0 && validationSplit < 1,
        "--validation-split",
        "value",
        "must be in [0, 1), got " + validationSplit);
    Errors.check(
        lr == null || (lr > 0 && Double.isFinite(lr)),
        "--lr",
        "value",
        "must be a finite number > 0, got " + lr);
    Errors.check(!weightsOnly || save != null, "--weights-only", "value", "needs --save FILE");
    Errors.check(
        freeze == null || averageEvery == 0,
        "--freeze",
        "value",
        "does not work with --average-every yet (the tasks' copies would train every parameter);"
            + " use synchronous --spark training (--average-every 0)");
    Errors.check(
        initFrom == null || resume == null,
        "--init-from",
        "value",
        "cannot be combined with --resume (a resumed run takes its weights from the --resume"
            + " checkpoint)");
    Errors.check(
        averageEvery >= 0, "--average-every", "value", "must be >= 0, got " + averageEvery);
    Errors.check(
        averageEvery == 0 || spark != null, "--average-every", "value", "needs --spark MASTER");
    String opt = Cli.optimizerName(optimizer);
    double rate = lr != null ? lr : Cli.defaultLr(opt);
    Device dev = Device.parse(device);
    String modelName = model.toLowerCase(Locale.ROOT);
    if (!Zoo.names().contains(modelName)) {
      throw Errors.illegalArgument(
          "--model", "name", "'" + model + "' is not one of " + String.join(", ", Zoo.names()));
    }
    LrSchedule schedule = LrSchedule.parse(lrSchedule);
    // every file this run writes is checked before the data is loaded and the first epoch runs
    Map<String, String> saved = resume == null ? null : Cli.checkpointMetadata("--resume", resume);
    if (initFrom != null) {
      Cli.checkpointMetadata("--init-from", initFrom);
    }
    if (save != null) {
      try {
        TrainingCheckpoint.checkReplaceable(save);
      } catch (IOException e) {
        throw CliException.about("--save", e);
      }
    }
    Path dir = Cli.outDir("--out", out);
    if (saved != null) {
      String savedModel = saved.getOrDefault("model", "?");
      if (!savedModel.equals(modelName)) {
        throw Errors.illegalArgument(
            "--resume",
            "file",
            resume
                + " holds a '"
                + savedModel
                + "' model, not '"
                + modelName
                + "'; pass --model "
                + savedModel);
      }
    }
    IdxDatasets.TrainTest tt = Cli.loadData(data, dataDir);
    Dataset[] sets = {limit > 0 ? tt.train().take(limit) : tt.train(), tt.test()};
    double[] norm = Cli.standardize(sets);
    Dataset train = sets[0];
    Dataset test = sets[1];
    int trainSize = (int) Math.round(train.size() * (1 - validationSplit));
    Errors.check(
        batchSize <= trainSize,
        "--batch-size",
        "value",
        batchSize + " is larger than the " + trainSize + " training examples");
    w.println("data: " + train + "; " + test + " (from " + tt.source() + ")");
    if (norm != null) {
      w.printf(Locale.ROOT, "inputs standardized: (x - %.4f) / %.4f%n", norm[0], norm[1]);
    }
    Module m = Zoo.create(modelName, train.exampleShape(), train.numClasses(), seed);
    m.to(dev);
    if (initFrom != null) {
      initialize(m, w);
    }
    if (freeze != null) {
      freezeParameters(m, modelName, w);
    }
    Trainer trainer =
        new Trainer()
            .epochs(epochs)
            .batchSize(batchSize)
            .optimizer(opt)
            .lr(rate)
            .lrSchedule(schedule)
            .seed(seed)
            .validationSplit(validationSplit)
            .device(dev)
            .out(w)
            .progress(ProgressReporter.auto(w));
    if (augment != null) {
      trainer.augment(checkedAugment(train.exampleShape()));
      w.println("augmentation: " + augment + " (training images only)");
    }
    Optimizer o = trainer.createOptimizer(m);
    Map<String, String> settings = settings(rate);
    History earlier = null;
    int done = 0;
    if (resume != null) {
      TrainingCheckpoint.Resumed r;
      try {
        r = TrainingCheckpoint.resume(resume, m, o, allowNonFinite);
      } catch (IOException e) {
        throw CliException.about("--resume", e);
      }
      if (!r.nonFinite().isEmpty()) {
        w.println(
            "warning: "
                + resume
                + ": "
                + r.nonFinite()
                + " hold NaN or infinity; loaded because of --allow-non-finite");
      }
      done = r.epoch();
      if (done >= epochs) {
        throw Errors.illegalArgument(
            "--epochs",
            "value",
            resume + " already has " + done + " epochs; pass --epochs " + (done + 1) + " or more");
      }
      w.println("resumed from " + resume + " after epoch " + done);
      for (String change : changes(r.metadata(), r.seed(), settings)) {
        w.println("note: " + change + "; the resumed run will not repeat the uninterrupted one");
      }
      if (r.history().epochs() > 0) {
        earlier = r.history(); // the curves continue the earlier ones
      } else if (done > 0) {
        w.println("note: " + resume + " holds no curves; the curves start at epoch " + (done + 1));
      }
    }
    w.println("model: " + modelName + ", " + m.parameterCount() + " parameters");
    w.println("optimizer: " + o);
    TrainingCheckpoint.Sink sink = null;
    if (save != null) {
      Map<String, String> extra = new java.util.LinkedHashMap<>(settings);
      extra.put("data", data.toLowerCase(Locale.ROOT));
      if (initFrom != null) {
        extra.put("init_from", initFrom.toString());
      }
      if (norm != null) {
        extra.put("input.mean", Double.toString(norm[0]));
        extra.put("input.std", Double.toString(norm[1]));
      }
      sink = TrainingCheckpoint.toFile(save, modelName, extra, weightsOnly);
      trainer.checkpoint(sink);
    }
    History h;
    try {
      if (spark != null) {
        h = sparkFit(m, o, train, test, done, earlier, modelName, rate, dev, sink);
      } else {
        h =
            earlier != null
                ? trainer.fit(m, o, train, test, earlier)
                : trainer.fit(m, o, train, test, done);
      }
    } catch (DivergedException e) {
      String kept =
          save != null && Files.exists(save)
              ? "; " + save + " keeps the last good epoch"
              : save != null ? "; no checkpoint was written" : "";
      throw new CliException(Main.FAILED, e.getMessage() + kept, e);
    }
    List<Path> written = new ArrayList<>(Cli.writeCurves(h, dir, modelName));
    Cli.writeConfusion(m, test, dev, batchSize, dir, modelName, written);
    if (save != null) {
      written.add(save);
    }
    w.println("final test acc: " + Cli.acc(h.finalTestAccuracy()));
    w.println("wrote");
    for (Path p : written) {
      w.println("  " + p);
    }
    w.flush();
    return Main.OK;
  }

  /** Parses --augment and checks it against the images, so a bad crop fails before training. */
  private Augment checkedAugment(int[] exampleShape) {
    if (exampleShape.length != 3) {
      throw Errors.illegalArgument(
          "--augment",
          "value",
          "needs images [C, H, W]; "
              + data
              + " examples have shape "
              + java.util.Arrays.toString(exampleShape));
    }
    Augment a;
    try {
      a = Augment.parse(augment, seed);
      a.checkFits(exampleShape[1], exampleShape[2]);
    } catch (IllegalArgumentException e) {
      throw Errors.illegalArgument("--augment", "value", e.getMessage());
    }
    if (a.cropSize() > 0 && (a.cropSize() != exampleShape[1] || a.cropSize() != exampleShape[2])) {
      throw Errors.illegalArgument(
          "--augment",
          "value",
          "crop="
              + a.cropSize()
              + " would train on "
              + a.cropSize()
              + "x"
              + a.cropSize()
              + " images but test on "
              + exampleShape[1]
              + "x"
              + exampleShape[2]
              + "; use crop="
              + exampleShape[1]
              + ":PADDING (a random window of the padded image)");
    }
    return a;
  }

  /** The settings that decide the loss curve, as saved in the checkpoint's metadata. */
  private Map<String, String> settings(double rate) {
    Map<String, String> s = new java.util.LinkedHashMap<>();
    s.put("train.batch_size", Integer.toString(batchSize));
    s.put("train.lr", Double.toString(rate));
    s.put("train.lr_schedule", lrSchedule);
    s.put("train.augment", augment == null ? "none" : augment);
    s.put("train.limit", Integer.toString(limit));
    s.put("train.validation_split", Double.toString(validationSplit));
    s.put("train.data", data.toLowerCase(Locale.ROOT));
    s.put("train.freeze", freeze == null ? "none" : String.join(",", freeze));
    return s;
  }

  /** --init-from: loads the matching weights and says in one line what was loaded and not. */
  private void initialize(Module m, PrintWriter w) {
    TrainingCheckpoint.Initialized r;
    try {
      r = TrainingCheckpoint.initFrom(initFrom, m, allowNonFinite);
    } catch (IOException e) {
      throw CliException.about("--init-from", e);
    }
    StringBuilder line =
        new StringBuilder("initialized from ")
            .append(initFrom)
            .append(": loaded ")
            .append(r.loaded().size())
            .append(" of ")
            .append(r.modelTensors())
            .append(" tensors");
    if (!r.skipped().isEmpty()) {
      line.append("; skipped (shape differs) ").append(String.join(", ", r.skipped()));
    }
    if (!r.missing().isEmpty()) {
      line.append("; missing ").append(r.missing());
    }
    if (!r.unexpected().isEmpty()) {
      line.append("; unexpected ").append(r.unexpected());
    }
    w.println(line);
  }

  /**
   * --freeze: freezes the parameters under each prefix (a whole path segment: {@code fc1} matches
   * {@code fc1.weight}, not {@code fc10.weight}).
   */
  private void freezeParameters(Module m, String modelName, PrintWriter w) {
    Map<String, gradgraph.models.nn.Parameter> params = m.namedParameters();
    List<String> frozen = new ArrayList<>();
    long scalars = 0;
    for (String raw : freeze) {
      String prefix = raw.strip();
      List<String> hits = new ArrayList<>();
      for (String name : params.keySet()) {
        if (name.equals(prefix) || name.startsWith(prefix + ".")) {
          hits.add(name);
        }
      }
      if (hits.isEmpty()) {
        throw Errors.illegalArgument(
            "--freeze",
            "prefix",
            "'"
                + prefix
                + "' matches no parameter of the "
                + modelName
                + " model; its top-level children are "
                + String.join(", ", m.children().keySet())
                + " (parameters are named like "
                + params.keySet().iterator().next()
                + ")");
      }
      for (String name : hits) {
        if (!frozen.contains(name)) {
          frozen.add(name);
          params.get(name).setRequiresGrad(false);
          scalars += params.get(name).size();
        }
      }
    }
    if (frozen.size() == params.size()) {
      throw Errors.illegalArgument(
          "--freeze",
          "prefix",
          String.join(",", freeze)
              + " freezes every parameter of the "
              + modelName
              + " model; nothing would train");
    }
    w.printf(
        Locale.ROOT,
        "frozen: %d of %d parameter tensors (%d of %d weights) under %s%n",
        frozen.size(),
        params.size(),
        scalars,
        m.parameterCount(),
        String.join(", ", freeze));
  }

  /**
   * What differs between a checkpoint's settings and this run's, e.g. {@code --seed 7 (was 42)}.
   */
  private List<String> changes(Map<String, String> meta, long savedSeed, Map<String, String> now) {
    List<String> out = new ArrayList<>();
    if (meta.containsKey("seed") && savedSeed != seed) {
      out.add("--seed " + seed + " differs from the checkpoint's " + savedSeed);
    }
    for (Map.Entry<String, String> e : now.entrySet()) {
      String before = meta.get(e.getKey());
      if (before != null && !before.equals(e.getValue())) {
        String option = "--" + e.getKey().substring("train.".length()).replace('_', '-');
        out.add(option + " " + e.getValue() + " differs from the checkpoint's " + before);
      }
    }
    return out;
  }

  /** The --spark branch: the distributed module's {@link DistributedFit}, found at run time. */
  private History sparkFit(
      Module m,
      Optimizer o,
      Dataset train,
      Dataset test,
      int done,
      History earlier,
      String modelName,
      double rate,
      Device dev,
      TrainingCheckpoint.Sink sink) {
    DistributedFit fit =
        DistributedFit.find()
            .orElseThrow(
                () ->
                    Errors.illegalArgument(
                        "--spark",
                        "master",
                        "needs the distributed module on the class path (the gradgraph"
                            + " launcher adds it when --spark is given)"));
    Errors.check(
        augment == null && validationSplit == 0 && dev == Device.CPU,
        "--spark",
        "master",
        "does not support --augment, --validation-split or --device other than cpu yet");
    return fit.fit(
        new DistributedFit.Job(
            spark,
            modelName,
            seed,
            epochs,
            batchSize,
            rate,
            LrSchedule.parse(lrSchedule),
            sink,
            spec.commandLine().getOut(),
            averageEvery),
        m,
        o,
        train,
        test,
        done,
        earlier);
  }
}
