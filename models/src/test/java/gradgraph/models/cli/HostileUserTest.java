package gradgraph.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Idx;
import gradgraph.models.io.SafeTensors;
import gradgraph.models.train.TrainingCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a careless or hostile user can type: nothing destroys a file, hides a divergence or prints a
 * stack trace. Every failure is one line naming the command, the option or file and the reason.
 */
class HostileUserTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(new String[0]));
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(List.of(args));
  }

  /** A failure is one line (two for a usage error: the hint to --help), never a stack trace. */
  static void assertOneLine(Result r, int code, String command, String... fragments) {
    assertEquals(code, r.code(), r.err() + r.out());
    String[] lines = r.err().strip().split("\n");
    assertTrue(lines[0].startsWith(command + ": "), r.err());
    assertEquals(code == Main.USAGE ? 2 : 1, lines.length, "one line: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(r.err().contains("Exception"), "no exception class names: " + r.err());
    for (String f : fragments) {
      assertTrue(lines[0].contains(f), "'" + f + "' in: " + lines[0]);
    }
  }

  /** The arguments of a short spiral run writing into the temp dir. */
  private List<String> spiral(String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train",
                "--model",
                "mlp",
                "--data",
                "spiral",
                "--batch-size",
                "30",
                "--optimizer",
                "sgd",
                "--lr",
                "1",
                "--out",
                tmp.resolve("out").toString()));
    a.addAll(List.of(more));
    return a;
  }

  private Path trainedCheckpoint(String name, int epochs) {
    Path ck = tmp.resolve(name);
    Result r = run(spiral("--epochs", Integer.toString(epochs), "--save", ck.toString()));
    assertEquals(Main.OK, r.code(), r.err());
    return ck;
  }

  // ---------------------------------------------------------------- files that must not be hurt

  @Test
  void saveRefusesTheTrainingDataAndAnyOtherNonCheckpointBeforeTraining() throws IOException {
    Path data = tmp.resolve("train-images-idx3-ubyte");
    Idx.write(data, Idx.IMAGES_MAGIC, new int[] {2, 2, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    byte[] before = Files.readAllBytes(data);
    Result r = run(spiral("--epochs", "1", "--save", data.toString()));
    assertOneLine(
        r,
        Main.FAILED,
        "train",
        "--save: ",
        data.toString(),
        "is not a safetensors file",
        "refusing to overwrite it");
    assertFalse(r.out().contains("=== epoch"), "nothing was trained: " + r.out());
    assertArrayEquals(before, Files.readAllBytes(data));

    Path foreign = tmp.resolve("their.safetensors");
    SafeTensors.write(
        Files.newOutputStream(foreign), Map.of("w", Tensor.vector(1, 2)), Map.of("k", "v"));
    r = run(spiral("--epochs", "1", "--save", foreign.toString()));
    assertOneLine(r, Main.FAILED, "train", "--save: ", "not written by Gradgraph");
  }

  @Test
  void sparkWithoutTheDistributedModuleSaysWhatIsMissing() {
    // the models module alone has no DistributedFit service: the launcher adds it for --spark
    Result r = run(spiral("--epochs", "1", "--spark", "local[2]"));
    assertOneLine(r, Main.USAGE, "train", "--spark", "needs the distributed module");
    r = run(spiral("--epochs", "1", "--average-every", "5"));
    assertOneLine(r, Main.USAGE, "train", "--average-every: value: needs --spark MASTER");
    r = run(spiral("--epochs", "1", "--spark", "local[2]", "--average-every", "-1"));
    assertOneLine(r, Main.USAGE, "train", "--average-every: value: must be >= 0, got -1");
  }

  @Test
  void saveRefusesDirectoriesAndDevices() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("ck.safetensors"));
    Result r = run(spiral("--epochs", "1", "--save", dir.toString()));
    assertOneLine(r, Main.FAILED, "train", "--save: ", "is a directory, not a regular file");
    assertTrue(Files.isDirectory(dir));
    assumeTrue(Files.exists(Path.of("/dev/null")), "no /dev/null here");
    r = run(spiral("--epochs", "1", "--save", "/dev/null"));
    assertOneLine(r, Main.FAILED, "train", "--save: /dev/null: is a device, pipe or socket");
  }

  @Test
  void aSymbolicLinkToACheckpointIsWrittenThrough() throws IOException {
    Path real = trainedCheckpoint("real.safetensors", 1);
    Path link = Files.createSymbolicLink(tmp.resolve("link.safetensors"), real);
    Result r = run(spiral("--epochs", "2", "--resume", link.toString(), "--save", link.toString()));
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(link), "the link is still a link");
    assertEquals("2", SafeTensors.readMetadata(real).get("epoch"), "the real file was updated");
  }

  @Test
  void outMustBeAWritableDirectoryAndIsCheckedFirst() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
    List<String> a = spiral("--epochs", "1");
    a.set(a.indexOf("--out") + 1, file.toString());
    Result r = run(a);
    assertOneLine(r, Main.FAILED, "train", "--out: ", "is a regular file, not a directory");
    assertFalse(r.out().contains("=== epoch"), r.out());
    assertEquals("mine", Files.readString(file));

    Path locked = Files.createDirectory(tmp.resolve("locked"));
    assumeTrue(locked.toFile().setWritable(false, false), "cannot make a read-only directory");
    assumeTrue(!Files.isWritable(locked), "running as root: every directory is writable");
    a.set(a.indexOf("--out") + 1, locked.toString());
    r = run(a);
    assertOneLine(r, Main.FAILED, "train", "--out: ", "permission denied");
  }

  @Test
  void benchJsonIsCheckedBeforeMeasuring() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("bench.json"));
    Result r = run("bench", "--quick", "--json", dir.toString());
    assertOneLine(r, Main.FAILED, "bench", "--json: ", "is a directory");
    assertFalse(r.out().contains("GFLOP/s"), "nothing was measured: " + r.out());
  }

  // ---------------------------------------------------------------- non-finite numbers

  @Test
  void aDivergingRunStopsWithExit1AndKeepsTheGoodCheckpoint() throws IOException {
    Path ck = trainedCheckpoint("good.safetensors", 1);
    byte[] good = Files.readAllBytes(ck);
    List<String> a = spiral("--epochs", "3", "--resume", ck.toString(), "--save", ck.toString());
    a.set(a.indexOf("--lr") + 1, "1e30");
    Result r = run(a);
    assertOneLine(
        r,
        Main.FAILED,
        "train",
        "training diverged: the loss is ",
        "at epoch 2, iteration ",
        "learning rate 1.0E30",
        ck + " keeps the last good epoch");
    assertArrayEquals(good, Files.readAllBytes(ck), "the good checkpoint is untouched");
  }

  @Test
  void nanWeightsAreNeverSavedOverAGoodCheckpoint() throws IOException {
    Path ck = trainedCheckpoint("good.safetensors", 1);
    byte[] good = Files.readAllBytes(ck);
    var m = gradgraph.models.zoo.Zoo.create("mlp", new int[] {2}, 3, 42);
    var first = m.parameters().get(0);
    double[] v = first.value().toDoubleArray();
    v[0] = Double.NaN;
    first.setValue(Tensor.of(v, first.value().shape()).to(first.value().dtype()));
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            gradgraph.models.train.DivergedException.class,
            () -> TrainingCheckpoint.save(ck, m, null, "mlp", 2, 42, Map.of()));
    assertTrue(e.getMessage().contains("refusing to write the checkpoint " + ck), e.getMessage());
    assertTrue(e.getMessage().contains("holds NaN or infinity"), e.getMessage());
    assertTrue(e.getMessage().contains("keeps its previous content"), e.getMessage());
    assertArrayEquals(good, Files.readAllBytes(ck));
  }

  /** Writes a copy of a checkpoint with one element of one model tensor replaced. */
  private Path withValue(Path ck, String name, double value) throws IOException {
    SafeTensors.Loaded l = SafeTensors.load(ck);
    Map<String, Tensor> t = new LinkedHashMap<>(l.tensors());
    Tensor w = t.get(name);
    double[] v = w.toDoubleArray();
    v[0] = value;
    t.put(name, Tensor.of(v, w.shape()).to(w.dtype()));
    Map<String, String> meta = new LinkedHashMap<>(l.metadata());
    meta.keySet().removeIf(k -> k.startsWith("gradgraph."));
    Path out = tmp.resolve("edited-" + ck.getFileName());
    SafeTensors.save(out, t, meta);
    return out;
  }

  @Test
  void loadingNanWeightsIsRefusedUnlessAllowed() throws IOException {
    Path ck = trainedCheckpoint("ck.safetensors", 1);
    Path bad = withValue(ck, "model.layers.fc1.weight", Double.POSITIVE_INFINITY);
    Result r = run("eval", "--weights", bad.toString(), "--out", tmp.resolve("e").toString());
    assertOneLine(
        r,
        Main.FAILED,
        "eval",
        "--weights: " + bad,
        "model.layers.fc1.weight holds NaN or infinity",
        "pass --allow-non-finite");
    r =
        run(
            "eval",
            "--weights",
            bad.toString(),
            "--allow-non-finite",
            "--out",
            tmp.resolve("e").toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("warning: " + bad + ": [model.layers.fc1.weight]"), r.out());
    r = run(spiral("--epochs", "2", "--resume", bad.toString()));
    assertOneLine(r, Main.FAILED, "train", "--resume: ", "pass --allow-non-finite");
  }

  // ---------------------------------------------------------------- options out of range

  @Test
  void optionsOutOfRangeAreUsageErrors() {
    List<String> huge = spiral();
    huge.set(huge.indexOf("30"), "100000000");
    assertOneLine(
        run(huge),
        Main.USAGE,
        "train",
        "--batch-size: value: 100000000 is larger than the ",
        "training examples");
    assertOneLine(
        run(spiral("--limit", "-5")), Main.USAGE, "train", "--limit: value: must be >= 0");
    List<String> nan = spiral();
    nan.set(nan.indexOf("--lr") + 1, "NaN");
    assertOneLine(run(nan), Main.USAGE, "train", "--lr: value: must be a finite");
    assertOneLine(
        run(spiral("--epochs", "x")), Main.USAGE, "train", "Invalid value for option '--epochs'");
    assertOneLine(run("train", "--no-such-option"), Main.USAGE, "train", "Unknown option");
    assertOneLine(
        run(spiral("--validation-split", "1.5")), Main.USAGE, "train", "--validation-split");
    assertOneLine(
        run(spiral("--weights-only")), Main.USAGE, "train", "--weights-only: value: needs --save");
    List<String> crop = spiral("--augment", "crop=40", "--limit", "100");
    crop.set(crop.indexOf("spiral"), "sample");
    assertOneLine(
        run(crop),
        Main.USAGE,
        "train",
        "--augment: value: ",
        "crop: 40 is larger than the padded image 28x28");
    crop.set(crop.indexOf("crop=40"), "crop=24:2");
    assertOneLine(run(crop), Main.USAGE, "train", "would train on 24x24 images but test on 28x28");
    assertOneLine(
        run("eval", "--weights", "x.safetensors", "--batch-size", "0"),
        Main.USAGE,
        "eval",
        "--batch-size: value: must be >= 1");
  }

  @Test
  void evalUsesItsBatchSize() throws IOException {
    Path ck = trainedCheckpoint("ck.safetensors", 1);
    Result small =
        run("eval", "--weights", ck.toString(), "--batch-size", "7", "--out", tmp.toString());
    Result large = run("eval", "--weights", ck.toString(), "--out", tmp.toString());
    assertEquals(Main.OK, small.code(), small.err());
    String acc = small.out().replaceAll("(?s).*test acc: (\\S+).*", "$1");
    assertEquals(acc, large.out().replaceAll("(?s).*test acc: (\\S+).*", "$1"));
  }

  // ---------------------------------------------------------------- files that are not what they
  // say

  @Test
  void badFilesAreOneLineNamingOptionFileAndReason() throws IOException {
    Path missing = tmp.resolve("missing.safetensors");
    assertOneLine(
        run("eval", "--weights", missing.toString()),
        Main.FAILED,
        "eval",
        "--weights: " + missing + ": file not found");
    assertOneLine(
        run(spiral("--resume", missing.toString())),
        Main.FAILED,
        "train",
        "--resume: " + missing + ": file not found");
    Path dir = Files.createDirectory(tmp.resolve("adir"));
    assertOneLine(run("eval", "--weights", dir.toString()), Main.FAILED, "eval", "is a directory");
    Path junk =
        Files.write(tmp.resolve("junk.safetensors"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertOneLine(
        run("eval", "--weights", junk.toString()),
        Main.FAILED,
        "eval",
        "--weights: " + junk + ": header length");
    assertOneLine(
        run("train", "--data-dir", junk.toString(), "--out", tmp.toString()), Main.FAILED, "train");
  }

  // ---------------------------------------------------------------- resume validates what it loads

  @Test
  void resumeNamesTheFileAndTheKeyOfWhatIsWrong() throws IOException {
    Path ck = trainedCheckpoint("ck.safetensors", 1);
    SafeTensors.Loaded l = SafeTensors.load(ck);
    Map<String, String> meta = new LinkedHashMap<>(l.metadata());
    meta.keySet().removeIf(k -> k.startsWith("gradgraph."));

    Map<String, Tensor> wrongShape = new LinkedHashMap<>(l.tensors());
    wrongShape.put("optim.steps", Tensor.vector(1, 2));
    Path f = tmp.resolve("steps.safetensors");
    SafeTensors.save(f, wrongShape, meta);
    assertOneLine(
        run(spiral("--epochs", "2", "--resume", f.toString())),
        Main.FAILED,
        "train",
        "--resume: " + f + ": the optimizer state (optim.*) does not fit: ",
        "steps: must be a whole number");

    Map<String, String> badMeta = new LinkedHashMap<>(meta);
    badMeta.put("epoch", "one");
    Path g = tmp.resolve("meta.safetensors");
    SafeTensors.save(g, l.tensors(), badMeta);
    assertOneLine(
        run(spiral("--epochs", "2", "--resume", g.toString())),
        Main.FAILED,
        "train",
        "--resume: " + g + ": metadata 'epoch' is 'one', not a whole number");
    assertOneLine(
        run("eval", "--weights", g.toString()), Main.FAILED, "eval", "metadata 'epoch' is 'one'");
  }

  @Test
  void optimizerStateOfAnotherShapeOrSlotIsNamed() throws IOException {
    Path ck = tmp.resolve("adam.safetensors");
    List<String> adam = spiral("--epochs", "1", "--save", ck.toString());
    adam.set(adam.indexOf("sgd"), "adam");
    adam.set(adam.indexOf("--lr") + 1, "0.01");
    assertEquals(Main.OK, run(adam).code());
    SafeTensors.Loaded l = SafeTensors.load(ck);
    Map<String, String> meta = new LinkedHashMap<>(l.metadata());
    meta.keySet().removeIf(k -> k.startsWith("gradgraph."));
    Map<String, Tensor> t = new LinkedHashMap<>(l.tensors());
    t.put("optim.layers.fc1.weight.m", Tensor.zeros(gradgraph.core.tensor.DType.FLOAT32, 3, 3));
    Path f = tmp.resolve("shape.safetensors");
    SafeTensors.save(f, t, meta);
    List<String> resume = new ArrayList<>(adam);
    resume.set(resume.indexOf("--save"), "--resume");
    resume.set(resume.indexOf("1"), "2");
    resume.set(resume.indexOf(ck.toString()), f.toString());
    assertOneLine(
        run(resume),
        Main.FAILED,
        "train",
        "layers.fc1.weight.m: shape [3, 3] does not match the parameter's");

    t = new LinkedHashMap<>(l.tensors());
    t.remove("optim.layers.fc1.weight.v");
    SafeTensors.save(f, t, meta);
    assertOneLine(run(resume), Main.FAILED, "train", "is missing [layers.fc1.weight.v]");
  }

  @Test
  void aChangedSeedOrBatchIsReportedAndTheCurvesContinue() throws IOException {
    Path ck = trainedCheckpoint("ck.safetensors", 2);
    List<String> a = spiral("--epochs", "3", "--resume", ck.toString(), "--seed", "7");
    a.set(a.indexOf("30"), "15");
    Result r = run(a);
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("note: --seed 7 differs from the checkpoint's 42"), r.out());
    assertTrue(r.out().contains("note: --batch-size 15 differs from the checkpoint's 30"), r.out());
    // the accuracy curve continues the earlier one: three epochs, not one
    List<String> csv = Files.readAllLines(tmp.resolve("out/mlp-accuracy.csv"));
    assertEquals(1 + 3, csv.size(), String.join("\n", csv));
  }

  @Test
  void resumedCurvesContinueTheEarlierOnes() throws IOException {
    Path ck = trainedCheckpoint("ck.safetensors", 2);
    List<String> twoEpochs = Files.readAllLines(tmp.resolve("out/mlp-loss.csv"));
    Result r = run(spiral("--epochs", "3", "--resume", ck.toString(), "--save", ck.toString()));
    assertEquals(Main.OK, r.code(), r.err());
    assertFalse(r.out().contains("note:"), "same settings, nothing to report: " + r.out());
    List<String> threeEpochs = Files.readAllLines(tmp.resolve("out/mlp-loss.csv"));
    assertEquals(twoEpochs, threeEpochs.subList(0, twoEpochs.size()), "the earlier rows are kept");
    assertEquals(1 + (twoEpochs.size() - 1) * 3 / 2, threeEpochs.size());
    TrainingCheckpoint.Resumed back =
        TrainingCheckpoint.resume(
            ck, gradgraph.models.zoo.Zoo.create("mlp", new int[] {2}, 3, 1), null, false);
    assertEquals(3, back.history().epochs());
  }

  @Test
  void weightsOnlyCheckpointsEvaluateButDoNotResume() throws IOException {
    Path w = tmp.resolve("w.safetensors");
    Result r = run(spiral("--epochs", "1", "--save", w.toString(), "--weights-only"));
    assertEquals(Main.OK, r.code(), r.err());
    SafeTensors.Loaded l = SafeTensors.load(w);
    assertTrue(l.tensors().keySet().stream().allMatch(k -> k.startsWith("model.")), "" + l);
    assertEquals("true", l.metadata().get(TrainingCheckpoint.WEIGHTS_ONLY_KEY));
    Path full = trainedCheckpoint("full.safetensors", 1);
    assertTrue(Files.size(w) < Files.size(full), Files.size(w) + " vs " + Files.size(full));
    r = run("eval", "--weights", w.toString(), "--out", tmp.toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("weights only)"), r.out());
    assertOneLine(
        run(spiral("--epochs", "2", "--resume", w.toString())),
        Main.FAILED,
        "train",
        "holds the model's weights only (saved with --weights-only)");
  }

  // ---------------------------------------------------------------- what cannot be provoked
  // cheaply

  @Test
  void errorsAreDescribedInWords() {
    assertTrue(Main.describe(new OutOfMemoryError("Java heap space")).startsWith("out of memory"));
    assertEquals(
        "a.bin: permission denied",
        Main.describe(new java.nio.file.AccessDeniedException("a.bin")));
    assertEquals(
        "cannot write x: a.bin: file not found",
        Main.describe(
            new java.io.UncheckedIOException(
                "cannot write x", new java.nio.file.NoSuchFileException("a.bin"))));
    assertEquals("NullPointerException: boom", Main.describe(new NullPointerException("boom")));
  }
}
