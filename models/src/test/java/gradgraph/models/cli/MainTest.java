package gradgraph.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.models.io.SafeTensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the commands in-process on tiny settings. */
class MainTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    for (String c :
        new String[] {"demo", "apple", "graph", "gradcheck", "train", "eval", "bench", "devices"}) {
      Result r = run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().contains("Usage: gradgraph " + c), r.out());
    }
    Result top = run();
    assertEquals(Main.USAGE, top.code());
    assertTrue(top.out().contains("Commands:"), top.out());
  }

  @Test
  void usageErrorsExitWith2AndSayWhatToDo() {
    Result r = run("train", "--model", "transformer");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("'transformer' is not one of two-layer, mlp"), r.err());
    assertTrue(r.err().contains("gradgraph train --help"), r.err());
    r = run("train", "--epochs", "many");
    assertEquals(Main.USAGE, r.code());
    r = run("train", "--optimizer", "adamw", "--data", "spiral");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("'adamw' is not one of sgd"), r.err());
    r = run("train", "--model", "cnn", "--data", "spiral", "--out", tmp.toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("use --model mlp or two-layer"), r.err());
    r = run("gradcheck", "--model", "rnn");
    assertEquals(Main.USAGE, r.code());
    r = run("eval");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("--weights"), r.err());
  }

  @Test
  void missingFilesFailWith1() {
    Result r = run("eval", "--weights", tmp.resolve("nope.safetensors").toString());
    assertEquals(Main.FAILED, r.code());
    assertTrue(r.err().contains("nope.safetensors"), r.err());
    r = run("train", "--data", "mnist", "--data-dir", tmp.toString(), "--out", tmp.toString());
    assertEquals(Main.FAILED, r.code());
    assertTrue(r.err().contains("lacks"), r.err());
  }

  @Test
  void gradcheckPrintsAVerdict() {
    Result r = run("gradcheck", "--model", "mlp");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("layers.bn1.gamma [5]: ok"), r.out());
    assertTrue(r.out().contains("verdict: PASS"), r.out());
  }

  @Test
  void devicesListsTheCpuAndExplainsCuda() {
    Result r = run("devices");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("cores: " + Runtime.getRuntime().availableProcessors()), r.out());
    assertTrue(r.out().contains("vector width: "), r.out());
    assertTrue(r.out().contains("cuda: "), r.out());
  }

  @Test
  void trainSaveResumeAndEvalOnSpiral() throws IOException {
    Path ck = tmp.resolve("mlp.safetensors");
    Result r =
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
            "1",
            "--save",
            ck.toString(),
            "--out",
            tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("=== epoch:2, train acc:"), r.out());
    assertTrue(r.out().contains("final test acc: "), r.out());
    assertTrue(Files.exists(tmp.resolve("mlp-accuracy.csv")));
    assertTrue(Files.exists(tmp.resolve("mlp-loss.png")));
    assertTrue(Files.exists(tmp.resolve("mlp-confusion.png")));
    SafeTensors.Loaded loaded = SafeTensors.load(ck);
    assertEquals("mlp", loaded.metadata().get("model"));
    assertEquals("2", loaded.metadata().get("epoch"));
    assertEquals("42", loaded.metadata().get("seed"));
    assertTrue(loaded.metadata().get("model.layers").contains("Linear(2 -> 100)"));
    assertEquals("1", loaded.metadata().get(SafeTensors.FORMAT_VERSION_KEY));
    assertTrue(loaded.metadata().get("optimizer").startsWith("Sgd(lr=1"));
    assertTrue(loaded.tensors().containsKey("model.layers.fc1.weight"));
    assertTrue(loaded.tensors().containsKey("optim.steps"));

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
            "1",
            "--resume",
            ck.toString(),
            "--save",
            ck.toString(),
            "--out",
            tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("resumed from"), r.out());
    assertTrue(r.out().contains("=== epoch:3"), r.out());
    assertTrue(!r.out().contains("=== epoch:1"), r.out());

    r = run("eval", "--weights", ck.toString(), "--out", tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("model: mlp (epoch 3, seed 42"), r.out());
    assertTrue(r.out().matches("(?s).*test acc: 0\\.\\d{4}.*"), r.out());

    r = run("train", "--model", "two-layer", "--data", "spiral", "--resume", ck.toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("pass --model mlp"), r.err());
  }

  @Test
  void appleAndGraphWriteDiagrams() {
    Result r = run("apple", "--out", tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("apple"), r.out());
    assertTrue(Files.exists(tmp.resolve("apple.dot")));
    r = run("graph", "--model", "two-layer", "--out", tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(tmp.resolve("two-layer-step.dot")));
  }

  @Test
  void benchTimesASmallModel() {
    Result r = run("bench", "--model", "two-layer", "--iterations", "2", "--batch-size", "10");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("ms/step"), r.out());
  }

  @Test
  void demoWritesEverythingItPromises() {
    Result r =
        run(
            "demo",
            "--sample",
            "--epochs",
            "1",
            "--train-size",
            "200",
            "--test-size",
            "100",
            "--out",
            tmp.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("=== epoch:1, train acc:"), r.out());
    assertTrue(r.out().contains("test accuracy: 0."), r.out());
    for (String f :
        new String[] {
          "apple.dot",
          "apple-orange.dot",
          "cnn-step.dot",
          "cnn-accuracy.csv",
          "cnn-loss.csv",
          "cnn-loss.png",
          "cnn-confusion.txt",
          "cnn-confusion.png",
          "gradcheck-cnn.txt"
        }) {
      assertTrue(Files.exists(tmp.resolve(f)), f);
      assertTrue(r.out().contains(tmp.resolve(f).toString()), r.out());
    }
  }
}
