package gradgraph.models.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --init-from}, {@code --freeze}, and the curves of a resumed run. */
class FineTuneCommandTest {
  @TempDir Path tmp;

  private static MainTest.Result run(String... args) {
    return MainTest.run(args);
  }

  private static String[] args(String... a) {
    return a;
  }

  /** One epoch of the mlp on 200 images of the bundled sample, batch 50. */
  private static final String[] MLP_ON_THE_SAMPLE = {
    "train",
    "--model",
    "mlp",
    "--data",
    "sample",
    "--limit",
    "200",
    "--epochs",
    "1",
    "--batch-size",
    "50"
  };

  private static String[] concat(String[] a, String... b) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(List.of(b));
    return out.toArray(new String[0]);
  }

  /** An mlp 784-100-100-10 trained one epoch on 200 images of the bundled sample. */
  private Path pretrainedOnTheSample(boolean weightsOnly) {
    Path ck = tmp.resolve("pre.safetensors");
    String[] a =
        concat(MLP_ON_THE_SAMPLE, "--save", ck.toString(), "--out", tmp.resolve("pre").toString());
    MainTest.Result r = run(weightsOnly ? concat(a, "--weights-only") : a);
    assertEquals(0, r.code(), r.err());
    return ck;
  }

  private static float[] values(Path ck, String key) throws IOException {
    Tensor t = SafeTensors.load(ck).tensors().get(key);
    assertTrue(t != null, key + " in " + ck);
    return t.toFloatArray();
  }

  @Test
  void initFromLoadsWhatFitsSkipsAnotherHeadAndFreezeKeepsWeightsBitwise() throws IOException {
    Path pre = pretrainedOnTheSample(true);
    Path tuned = tmp.resolve("tuned.safetensors");
    // spiral: 2 inputs and 3 classes, so the first layer's weights and the head do not fit
    MainTest.Result r =
        run(
            "train",
            "--model",
            "mlp",
            "--data",
            "spiral",
            "--epochs",
            "2",
            "--batch-size",
            "30",
            "--optimizer",
            "sgd",
            "--lr",
            "0.5",
            "--init-from",
            pre.toString(),
            "--freeze",
            "layers.fc2",
            "--save",
            tuned.toString(),
            "--out",
            tmp.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().filter(l -> l.startsWith("initialized from")).toList();
    assertEquals(
        List.of(
            "initialized from "
                + pre
                + ": loaded 3 of 6 tensors; skipped (shape differs) layers.fc1.weight [784, 100]"
                + " -> [2, 100], layers.fc3.weight [100, 10] -> [100, 3], layers.fc3.bias [10] ->"
                + " [3]"),
        lines);
    assertTrue(
        r.out()
            .contains("frozen: 2 of 6 parameter tensors (10100 of 10703 weights) under layers.fc2"),
        r.out());
    assertTrue(r.out().contains("=== epoch:1, train acc:"), "starts at epoch 1: " + r.out());
    // the frozen layer is the pretrained one, bit for bit; the loaded but trainable bias moved
    assertArrayEquals(
        values(pre, "model.layers.fc2.weight"), values(tuned, "model.layers.fc2.weight"), 0f);
    assertArrayEquals(
        values(pre, "model.layers.fc2.bias"), values(tuned, "model.layers.fc2.bias"), 0f);
    assertFalse(
        java.util.Arrays.equals(
            values(pre, "model.layers.fc1.bias"), values(tuned, "model.layers.fc1.bias")),
        "layers.fc1.bias was loaded and then trained");
    Map<String, String> meta = SafeTensors.load(tuned).metadata();
    assertEquals(pre.toString(), meta.get("init_from"));
    assertEquals("layers.fc2", meta.get("train.freeze"));
    for (String key : SafeTensors.load(tuned).tensors().keySet()) {
      assertFalse(key.startsWith("optim.layers.fc2."), "no optimizer state when frozen: " + key);
    }
    // resuming the fine-tuned run without --freeze trains layers.fc2 too, and says so
    r =
        run(
            "train",
            "--model",
            "mlp",
            "--data",
            "spiral",
            "--epochs",
            "3",
            "--batch-size",
            "30",
            "--optimizer",
            "sgd",
            "--lr",
            "0.5",
            "--resume",
            tuned.toString(),
            "--out",
            tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "note: --freeze none differs from the checkpoint's layers.fc2; the resumed run"
                    + " will not repeat the uninterrupted one"),
        r.out());
  }

  @Test
  void initFromTheSameModelLoadsEverythingAndAFullCheckpointWorksToo() throws IOException {
    Path pre = pretrainedOnTheSample(false);
    MainTest.Result r =
        run(concat(MLP_ON_THE_SAMPLE, "--init-from", pre.toString(), "--out", tmp.toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("initialized from " + pre + ": loaded 6 of 6 tensors\n"), r.out());
  }

  @Test
  void badFineTuningCommandLinesSayWhatIsWrong() throws IOException {
    MainTest.Result unknown =
        run(
            "train",
            "--model",
            "cnn",
            "--data",
            "sample",
            "--freeze",
            "features",
            "--out",
            tmp.toString());
    assertEquals(Main.USAGE, unknown.code());
    assertTrue(
        unknown
            .err()
            .contains(
                "--freeze: prefix: 'features' matches no parameter of the cnn model; its top-level"
                    + " children are conv1, relu1, pool1, fc1, relu2, fc2 (parameters are named"
                    + " like conv1.weight)"),
        unknown.err());
    // a prefix is a whole path segment: layers.fc matches neither layers.fc1 nor layers.fc2
    MainTest.Result partial =
        run("train", "--data", "spiral", "--freeze", "layers.fc", "--out", tmp.toString());
    assertEquals(Main.USAGE, partial.code());
    assertTrue(partial.err().contains("'layers.fc' matches no parameter"), partial.err());
    MainTest.Result all =
        run("train", "--data", "spiral", "--freeze", "layers", "--out", tmp.toString());
    assertEquals(Main.USAGE, all.code());
    assertTrue(
        all.err().contains("--freeze: prefix: layers freezes every parameter of the mlp model"),
        all.err());

    MainTest.Result averaging =
        run(
            "train",
            "--data",
            "spiral",
            "--spark",
            "local[2]",
            "--average-every",
            "2",
            "--freeze",
            "layers.fc1",
            "--out",
            tmp.toString());
    assertEquals(Main.USAGE, averaging.code());
    assertTrue(
        averaging.err().contains("--freeze: value: does not work with --average-every yet"),
        averaging.err());

    Path pre = pretrainedOnTheSample(true);
    MainTest.Result both =
        run("train", "--data", "spiral", "--init-from", pre.toString(), "--resume", pre.toString());
    assertEquals(Main.USAGE, both.code());
    assertTrue(
        both.err().contains("--init-from: value: cannot be combined with --resume"), both.err());

    MainTest.Result missing =
        run(
            "train",
            "--data",
            "spiral",
            "--init-from",
            tmp.resolve("no.safetensors").toString(),
            "--out",
            tmp.toString());
    assertEquals(Main.FAILED, missing.code());
    assertTrue(missing.err().contains("--init-from: "), missing.err());
    assertTrue(missing.err().contains("no.safetensors"), missing.err());

    // an mlp checkpoint has no key in common with a two-layer net
    MainTest.Result nothing =
        run(
            "train",
            "--model",
            "two-layer",
            "--data",
            "spiral",
            "--init-from",
            pre.toString(),
            "--out",
            tmp.toString());
    assertEquals(Main.FAILED, nothing.code());
    assertTrue(
        nothing
            .err()
            .contains(
                "--init-from: "
                    + pre
                    + ": none of its 6 tensors fits this model (no key in common; the file holds"
                    + " [model.layers.fc1.bias, model.layers.fc1.weight, model.layers.fc2.bias,"
                    + " ... 6 in all], the model [fc1.weight, fc1.bias, fc2.weight, ... 4 in"
                    + " all])"),
        nothing.err());
  }

  @Test
  void resumedCurvesContinueTheEarlierOnes() throws IOException {
    Path ck = tmp.resolve("ck.safetensors");
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    String[] common =
        args(
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
            "--save",
            ck.toString());
    MainTest.Result r = run(concat(common, "--epochs", "2", "--out", first.toString()));
    assertEquals(0, r.code(), r.err());
    r = run(concat(common, "--epochs", "3", "--resume", ck.toString(), "--out", second.toString()));
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("holds no curves"), r.out());

    List<String> acc1 = Files.readAllLines(first.resolve("mlp-accuracy.csv"));
    List<String> acc2 = Files.readAllLines(second.resolve("mlp-accuracy.csv"));
    assertEquals("epoch,train,test", acc1.get(0));
    assertEquals(1 + 2, acc1.size(), acc1.toString());
    assertEquals(1 + 3, acc2.size(), "the resumed curves hold all 3 epochs: " + acc2);
    assertEquals(acc1, acc2.subList(0, 3), "the first two epochs are the first run's");
    assertTrue(acc2.get(3).startsWith("3,"), acc2.toString());

    List<String> loss1 = Files.readAllLines(first.resolve("mlp-loss.csv"));
    List<String> loss2 = Files.readAllLines(second.resolve("mlp-loss.csv"));
    int perEpoch = loss1.size() - 1;
    assertEquals(0, perEpoch % 2, loss1.toString());
    assertEquals(1 + perEpoch / 2 * 3, loss2.size(), "3 epochs of iterations");
    assertEquals(loss1, loss2.subList(0, loss1.size()), "the first run's iterations, unchanged");
    assertEquals(
        Integer.toString(loss1.size()),
        loss2.get(loss1.size()).substring(0, loss2.get(loss1.size()).indexOf(',')),
        "the iterations are numbered on from the first run's");
  }
}
