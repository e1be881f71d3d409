package gradgraph.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import gradgraph.core.device.ComputePool;
import gradgraph.models.io.SafeTensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    assertTrue(top.out().contains("example "), "example is listed: " + top.out());
  }

  @Test
  void benchOnAGpuWithoutOneSaysWhyInOneLine() {
    Result r = run("bench", "--device", "cuda", "--data", "random", "--fraction", "0.01");
    assertEquals(Main.FAILED, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("bench: --device: cuda:0 cannot be used: "), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    Result bad = run("bench", "--device", "tpu");
    assertEquals(Main.USAGE, bad.code());
    assertTrue(bad.err().contains("'tpu'"), bad.err());
  }

  @Test
  void exampleWithoutTheExamplesModuleSaysWhatIsMissingInOneLine() {
    // the examples module depends on this one, so it is not on this module's test class path
    Result r = run("example", "--list");
    assertEquals(Main.FAILED, r.code());
    assertEquals(
        "example: needs the examples module on the class path (run it as './gradgraph example"
            + " --list': the launcher adds it)",
        r.err().strip());
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
    r = run("train", "--data", "spiral", "--augment", "flip", "--out", tmp.toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("--augment: value: needs images [C, H, W]"), r.err());
    r = run("train", "--data", "sample", "--augment", "zoom=2", "--out", tmp.toString());
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("unknown step 'zoom'"), r.err());
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
    // backend-cuda is on the CLI's class path; without a driver it says why and how to use the CPU
    if (!r.out().contains("device(s)")) {
      assertTrue(r.out().contains("--device cpu"), r.out());
    }
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
    r = run("graph", "--model", "two-layer", "--out", tmp.resolve("two-layer-step.dot").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(tmp.resolve("two-layer-step.dot")));
  }

  @Test
  void benchWritesTheIssuesFiguresAsOneJsonObject() throws IOException {
    int before = ComputePool.threads();
    Path json = tmp.resolve("out/bench.json");
    Result r =
        run(
            "bench",
            "--quick",
            "--runs",
            "1",
            "--fraction",
            "0.005",
            "--data",
            "random",
            "--threads",
            "2",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(before, ComputePool.threads(), "bench restores the pool's size");
    assertTrue(
        r.out().contains("models on 2 threads, data: random images of Fashion-MNIST"), r.out());
    assertTrue(r.out().contains("each MLP run times 300 of 60 000 examples"), r.out());
    assertTrue(r.out().contains("SimpleConvNet 100 iterations (Adam), 2t"), r.out());
    assertTrue(r.out().contains("<= 1.3 s (2 threads)"), r.out());
    assertTrue(r.out().contains("LSTM LM step (2x650, T 35, batch 20), 2t"), r.out());

    Map<String, Object> o = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        Object prev =
            o.put(key, v == JsonToken.VALUE_STRING ? p.getText() : (Object) p.getDoubleValue());
        assertEquals(null, prev, "duplicate key " + key);
      }
      assertEquals(null, p.nextToken(), "one object, nothing after it");
    }
    assertEquals(List.of(BenchCommand.JSON_KEYS), List.copyOf(o.keySet()));
    for (String k : BenchCommand.JSON_KEYS) {
      if (k.endsWith("_gflops") || k.endsWith("_s") || k.endsWith("_us")) {
        assertTrue(o.get(k) instanceof Double d && d > 0 && Double.isFinite(d), k + " = " + o);
      }
    }
    assertEquals(2.0, o.get("threads"));
    assertEquals("random", o.get("data"));
    // surefire adds jdk.incubator.vector; an installed OpenBLAS (CI installs one) comes first
    assertEquals(BenchCommand.gemmPath(ComputePool.gemmKernel()), o.get("gemm_path"), o.toString());
    assertTrue(List.of("vector-api", "native-blas").contains(o.get("gemm_path")), o.toString());
    assertEquals(Runtime.version().toString(), o.get("jdk"));
  }

  @Test
  void badBenchAndThreadsFlagsExitWith2() {
    Result r = run("bench", "--threads", "0");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("bench: --threads: N: must be at least 1, got 0"), r.err());
    r = run("bench", "--fraction", "2");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("--fraction: F: must be in (0, 1], got 2.0"), r.err());
    r = run("bench", "--data", "imagenet");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("'imagenet' is not one of auto, fashion-mnist, random"), r.err());
    r = run("bench", "--threads", "many");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("--threads"), r.err());
    r = run("bench", "--warp-speed");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("Unknown option: '--warp-speed'"), r.err());
    r = run("bench", "--data", "fashion-mnist", "--data-dir", tmp.toString());
    assertEquals(Main.FAILED, r.code());
    assertTrue(r.err().contains("lacks"), r.err());
    r = run("train", "--threads", "-1", "--data", "spiral");
    assertEquals(Main.USAGE, r.code());
    assertTrue(r.err().contains("train: --threads: N: must be at least 1, got -1"), r.err());
  }

  @Test
  void trainAndDemoSetTheComputePool() {
    int before = ComputePool.threads();
    try {
      Result r =
          run(
              "train",
              "--threads",
              "3",
              "--model",
              "two-layer",
              "--data",
              "spiral",
              "--epochs",
              "1",
              "--out",
              tmp.toString());
      assertEquals(0, r.code(), r.err());
      assertEquals(3, ComputePool.threads());
      r = run("demo", "--threads", "2", "--help");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("--threads=N"), r.out());
    } finally {
      ComputePool.setThreads(before);
    }
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

  @Test
  void trainAugmentsTrainingImages() {
    Result r =
        run(
            "train",
            "--model",
            "two-layer",
            "--data",
            "sample",
            "--limit",
            "200",
            "--epochs",
            "1",
            "--augment",
            "flip,shift=2",
            "--out",
            tmp.toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("augmentation: flip,shift=2 (training images only)"), r.out());
    assertTrue(r.out().contains("=== epoch:1, train acc:"), r.out());
  }
}
