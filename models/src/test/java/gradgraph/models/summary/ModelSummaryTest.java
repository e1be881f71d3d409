package gradgraph.models.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.models.nn.BatchNorm;
import gradgraph.models.nn.Conv2d;
import gradgraph.models.nn.Flatten;
import gradgraph.models.nn.ForwardHook;
import gradgraph.models.nn.ForwardHooks;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.MaxPool2d;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.MultiHeadAttention;
import gradgraph.models.nn.Parameter;
import gradgraph.models.nn.ReLU;
import gradgraph.models.nn.Sequential;
import gradgraph.models.summary.ModelSummary.Layer;
import gradgraph.models.summary.ModelSummary.ReceptiveField;
import gradgraph.models.summary.ModelSummary.Totals;
import gradgraph.models.zoo.DeepConvNet;
import gradgraph.models.zoo.ResidualNet;
import gradgraph.models.zoo.SimpleConvNet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
  private static Conv2d conv(int in, int out, int kernel, int stride, int pad) {
    return new Conv2d(in, out, kernel, stride, pad, Init.he(), new Well19937c(1));
  }

  private static Linear linear(int in, int out) {
    return new Linear(in, out, Init.he(), new Well19937c(1));
  }

  @Test
  void linearCountsWeightsAndBiasAndInTimesOutMultAddsPerRow() {
    Linear fc = linear(784, 100);
    ModelSummary s = fc.summary(1, 784);
    Layer l = s.layers().get(0);
    assertEquals(1, s.layers().size());
    assertEquals("", l.path());
    assertEquals("Linear", l.type());
    assertArrayEquals(new int[] {1, 100}, l.outputShape());
    assertEquals(784 * 100 + 100, l.params()); // 78,500
    assertEquals(78_500, l.params());
    assertEquals(784 * 100, l.multAdds()); // 78,400: bias additions are not counted
    assertNull(l.receptiveField());
    // three rows: three times the work; the parameters stay the same
    ModelSummary s3 = fc.summary(3, 784);
    assertEquals(3 * 78_400, s3.totals().multAdds());
    assertEquals(78_500, s3.totals().params());
    // a [N, 1, 28, 28] input is flattened by Linear, as the book's Affine does
    assertEquals(78_400, fc.summary(1, 1, 28, 28).totals().multAdds());
  }

  @Test
  void convOutputShapeParamsMultAddsAndReceptiveField() {
    Conv2d c = conv(1, 30, 5, 1, 0);
    Layer l = c.summary(1, 1, 28, 28).layers().get(0);
    assertArrayEquals(new int[] {1, 30, 24, 24}, l.outputShape()); // 28 - 5 + 1
    assertEquals(30 * 1 * 5 * 5 + 30, l.params()); // 780
    assertEquals(780, l.params());
    assertEquals(30L * 24 * 24 * 1 * 5 * 5, l.multAdds()); // Cout·OH·OW·Cin·KH·KW = 432,000
    assertEquals(432_000, l.multAdds());
    assertEquals(new ReceptiveField(5, 1), l.receptiveField());
    // stride 2, padding 2: OH = (27 + 4 - 5) / 2 + 1 = 14; jump 2, the field is still 5
    Layer s2 = conv(1, 30, 5, 2, 2).summary(2, 1, 27, 27).layers().get(0);
    assertArrayEquals(new int[] {2, 30, 14, 14}, s2.outputShape());
    assertEquals(2L * 30 * 14 * 14 * 25, s2.multAdds());
    assertEquals(new ReceptiveField(5, 2), s2.receptiveField());
  }

  @Test
  void twoThreeByThreeConvsSeeWhatOneFiveByFiveSeesWithFewerWeights() {
    int ch = 16;
    ModelSummary two =
        new Sequential(conv(ch, ch, 3, 1, 1), conv(ch, ch, 3, 1, 1)).summary(1, ch, 32, 32);
    ModelSummary one = new Sequential(conv(ch, ch, 5, 1, 2)).summary(1, ch, 32, 32);
    assertEquals(new ReceptiveField(3, 1), two.layer("0").receptiveField());
    assertEquals(new ReceptiveField(5, 1), two.layer("1").receptiveField());
    assertEquals(new ReceptiveField(5, 1), two.layer("").receptiveField()); // the Sequential's
    assertEquals(new ReceptiveField(5, 1), one.layer("0").receptiveField());
    // weights: 2·9·C·C against 25·C·C; each conv adds C biases
    assertEquals(2 * (9 * ch * ch + ch), two.totals().params()); // 4,640
    assertEquals(25 * ch * ch + ch, one.totals().params()); // 6,416
    // same output grid (padding keeps 32×32), so mult-adds scale with the weights
    assertEquals(2L * 9 * ch * ch * 32 * 32, two.totals().multAdds());
    assertEquals(25L * ch * ch * 32 * 32, one.totals().multAdds());
  }

  @Test
  void poolingMultipliesTheJumpAndFlattenEndsTheField() {
    Sequential net =
        new Sequential(
            conv(1, 4, 3, 1, 0), new ReLU(), new MaxPool2d(2), conv(4, 4, 3, 1, 0), new Flatten());
    ModelSummary s = net.summary(1, 1, 16, 16);
    assertEquals(new ReceptiveField(3, 1), s.layer("0").receptiveField()); // 16 -> 14
    assertEquals(new ReceptiveField(3, 1), s.layer("1").receptiveField()); // ReLU keeps it
    assertEquals(new ReceptiveField(4, 2), s.layer("2").receptiveField()); // 3 + (2-1)·1; 14 -> 7
    assertEquals(new ReceptiveField(8, 2), s.layer("3").receptiveField()); // 4 + (3-1)·2; 7 -> 5
    assertNull(s.layer("4").receptiveField()); // flattened: the whole input
    assertArrayEquals(new int[] {1, 4 * 5 * 5}, s.layer("4").outputShape());
    assertEquals(4L * 14 * 14 * 9 + 4L * 5 * 5 * 4 * 9, s.totals().multAdds());
  }

  @Test
  void simpleConvNetTotals() {
    SimpleConvNet net = new SimpleConvNet(42);
    ModelSummary s = net.summary(1, 1, 28, 28);
    List<String> paths = new ArrayList<>();
    for (Layer l : s.layers()) {
      paths.add(l.path());
    }
    assertEquals(List.of("", "conv1", "relu1", "pool1", "fc1", "relu2", "fc2"), paths);
    assertEquals("SimpleConvNet", s.modelName());
    assertArrayEquals(new int[] {1, 30, 12, 12}, s.layer("pool1").outputShape());
    assertEquals(new ReceptiveField(6, 2), s.layer("pool1").receptiveField()); // 5 + (2-1)·1
    assertNull(s.layer("fc1").receptiveField());
    assertArrayEquals(new int[] {1, 10}, s.layer("").outputShape());
    long conv1 = 30 * 25 + 30;
    long fc1 = 30 * 12 * 12 * 100 + 100; // 4,320 inputs after pooling
    long fc2 = 100 * 10 + 10;
    Totals t = s.totals();
    assertEquals(conv1 + fc1 + fc2, t.params()); // 433,890
    assertEquals(433_890, t.params());
    assertEquals(net.parameterCount(), t.params());
    assertEquals(t.params(), t.trainableParams());
    assertEquals(0, t.nonTrainableParams());
    long mult = 30L * 24 * 24 * 25 + 4320L * 100 + 100L * 10; // 865,000
    assertEquals(mult, t.multAdds());
    assertEquals(0, s.layer("").multAdds()); // containers add nothing of their own
    assertEquals(0, s.layer("pool1").multAdds());
    assertEquals(784 * 4, t.inputBytes());
    assertEquals(433_890L * 4, t.paramBytes());
    // the outputs of conv1, relu1, pool1, fc1, relu2, fc2, float32
    long acts = 2L * 30 * 24 * 24 + 30 * 12 * 12 + 100 + 100 + 10;
    assertEquals(acts * 4, t.activationBytes());
    assertEquals(t.inputBytes() + t.paramBytes() + t.activationBytes(), t.totalBytes());
  }

  @Test
  void frozenParametersAreNotTrainable() {
    SimpleConvNet net = new SimpleConvNet(42);
    Parameter w = net.namedParameters().get("conv1.weight");
    w.setRequiresGrad(false);
    ModelSummary s = net.summary(1, 1, 28, 28);
    assertEquals(750, s.totals().nonTrainableParams());
    assertEquals(433_890 - 750, s.totals().trainableParams());
    assertEquals(780, s.layer("conv1").params());
    assertEquals(30, s.layer("conv1").trainableParams());
  }

  /** Self-attention: a child module called with three inputs (query, keys, values). */
  private static final class SelfAttentionNet extends Module {
    final MultiHeadAttention mha =
        register("mha", new MultiHeadAttention(8, 2, new java.util.Random(1), DType.FLOAT64));

    @Override
    protected Variable forward(Variable x) {
      return mha.apply(x, x, x);
    }
  }

  @Test
  void aModuleCalledWithSeveralInputsIsARowToo() {
    SelfAttentionNet net = new SelfAttentionNet();
    ModelSummary s = net.summary(2, 5, 8);
    Layer mha = s.layer("mha");
    assertEquals("MultiHeadAttention", mha.type());
    assertEquals(1, mha.depth());
    assertArrayEquals(new int[] {2, 5, 8}, mha.outputShape());
    // four 8x8 projections with biases
    assertEquals(4 * (8 * 8 + 8), net.mha.parameterCount());
    assertEquals(net.parameterCount(), s.totals().params());
  }

  @Test
  void nestedModulesGetDottedPathsAndDepths() {
    ModelSummary s = new DeepConvNet(1).summary(1, 1, 28, 28);
    assertEquals(0, s.layer("").depth());
    assertEquals(1, s.layer("layers").depth());
    assertEquals("Sequential", s.layer("layers").type());
    Layer c1 = s.layer("layers.conv1");
    assertEquals(2, c1.depth());
    assertEquals("Conv2d", c1.type());
    assertEquals(new ReceptiveField(3, 1), c1.receptiveField());
    assertEquals(new DeepConvNet(1).parameterCount(), s.totals().params());
    assertArrayEquals(new int[] {1, 10}, s.layer("").outputShape());
  }

  @Test
  void residualBlocksFollowTheLongestPathThroughFunctionalOps() {
    ModelSummary s = new ResidualNet(8, 1).summary(1, 1, 28, 28);
    // stem 3; conv1 and conv2 of block1 add 2 each; the skip's Ops.add/relu keep the field
    assertEquals(new ReceptiveField(3, 1), s.layer("stem").receptiveField());
    assertEquals(new ReceptiveField(5, 1), s.layer("block1.conv1").receptiveField());
    assertEquals(new ReceptiveField(5, 1), s.layer("block1.bn1").receptiveField());
    assertEquals(new ReceptiveField(7, 1), s.layer("block1.conv2").receptiveField());
    assertEquals(new ReceptiveField(7, 1), s.layer("block1").receptiveField());
    assertEquals(new ReceptiveField(8, 2), s.layer("pool1").receptiveField());
    assertEquals(new ReceptiveField(12, 2), s.layer("block2.conv1").receptiveField());
    assertEquals(new ReceptiveField(16, 2), s.layer("block2").receptiveField());
    assertEquals(new ReceptiveField(18, 4), s.layer("pool2").receptiveField());
    assertNull(s.layer("head").receptiveField());
    assertEquals(2, s.layer("block2.bn2").depth());
    // BatchNorm: gamma and beta, no mult-adds counted
    assertEquals(16, s.layer("block1.bn1").params());
    assertEquals(0, s.layer("block1.bn1").multAdds());
  }

  @Test
  void theModelIsLeftAsItWas() {
    BatchNorm bn = new BatchNorm(3);
    Sequential net = new Sequential(linear(4, 3), bn);
    double[] mean = bn.stateDict().get("runningMean").toDoubleArray();
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
    ModelSummary s = ModelSummary.of(net, x);
    assertArrayEquals(new int[] {2, 4}, s.inputShape());
    assertArrayEquals(mean, bn.stateDict().get("runningMean").toDoubleArray()); // eval mode
    for (Parameter p : net.parameters()) {
      assertNull(p.grad());
    }
    assertTrue(Mode.isTraining());
    assertTrue(Grad.isEnabled());
  }

  @Test
  void aModuleCalledTwiceIsRecursiveAndCountedOnce() {
    Linear shared = linear(5, 5);
    Module net =
        new Module() {
          final Linear fc = register("fc", shared);

          @Override
          protected Variable forward(Variable x) {
            return fc.apply(fc.apply(x));
          }
        };
    ModelSummary s = net.summary(1, 5);
    assertEquals(3, s.layers().size());
    assertFalse(s.layers().get(1).repeated());
    assertTrue(s.layers().get(2).repeated());
    assertEquals("fc", s.layers().get(2).path());
    assertEquals(30, s.totals().params());
    assertEquals(2 * 25, s.totals().multAdds()); // both calls do the work
    assertTrue(s.toString().contains("(recursive)"), s.toString());
  }

  @Test
  void badShapesNameTheArgumentAndTheShape() {
    SimpleConvNet net = new SimpleConvNet(42);
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, net::summary);
    assertTrue(empty.getMessage().startsWith("summary: inputShape: "), empty.getMessage());
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> net.summary(1, 0, 28, 28));
    assertEquals(
        "summary: inputShape: dimensions must be >= 1, got [1, 0, 28, 28]", zero.getMessage());
    IllegalArgumentException wrong =
        assertThrows(IllegalArgumentException.class, () -> net.summary(1, 3, 28, 28));
    assertTrue(
        wrong
            .getMessage()
            .startsWith("summary: input: [1, 3, 28, 28] does not fit SimpleConvNet: Conv2d: x: "),
        wrong.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> net.summary(1, 1, 28, 28).layer("x"));
    assertTrue(missing.getMessage().contains("'conv1'"), missing.getMessage());
  }

  @Test
  void theTableHasFixedWidthColumns() {
    String table = new SimpleConvNet(42).summary(1, 1, 28, 28).toString();
    String[] lines = table.split("\n");
    String header = lines[1];
    assertTrue(header.startsWith("Layer (type)"), header);
    String conv = null;
    String fc1 = null;
    for (String line : lines) {
      conv = line.startsWith("  conv1 (Conv2d)") ? line : conv;
      fc1 = line.startsWith("  fc1 (Linear)") ? line : fc1;
    }
    assertTrue(conv != null && fc1 != null, table);
    // the shape column starts where its header does; numbers end where theirs end
    assertEquals(header.indexOf("Output Shape"), conv.indexOf("[1, 30, 24, 24]"));
    assertEquals(header.indexOf("Output Shape"), fc1.indexOf("[1, 100]"));
    int paramEnd = header.indexOf("Param #") + "Param #".length();
    assertEquals(paramEnd, conv.indexOf("780") + 3);
    assertEquals(paramEnd, fc1.indexOf("432,100") + 7);
    int multEnd = header.indexOf("Mult-Adds") + "Mult-Adds".length();
    assertEquals(multEnd, conv.indexOf("432,000") + 7);
    assertTrue(table.contains("\nTotal params: 433,890\n"), table);
    assertTrue(table.contains("\nNon-trainable params: 0\n"), table);
    assertTrue(table.contains("\nTotal mult-adds: 865,000 (0.87 M)\n"), table);
    assertTrue(table.contains("\nParams size (MB): 1.74\n"), table); // 1,735,560 bytes
  }

  @Test
  void theHookWatchesOnlyItsOwnThread() throws InterruptedException {
    Linear fc = linear(3, 2);
    AtomicInteger seen = new AtomicInteger();
    ForwardHook count =
        new ForwardHook() {
          @Override
          public void before(Module module, List<Variable> inputs) {
            seen.incrementAndGet();
          }

          @Override
          public void after(Module module, List<Variable> inputs, Variable output) {
            seen.incrementAndGet();
          }
        };
    try (Scope s = ForwardHooks.install(count)) {
      Thread other = new Thread(() -> fc.apply(Tensor.zeros(DType.FLOAT32, 1, 3)));
      other.start();
      other.join();
      assertEquals(0, seen.get());
      fc.apply(Tensor.zeros(DType.FLOAT32, 1, 3));
      assertEquals(2, seen.get());
      // a summary inside installs its own hook and puts this one back
      fc.summary(1, 3);
      assertEquals(2, seen.get());
      fc.apply(Tensor.zeros(DType.FLOAT32, 1, 3));
      assertEquals(4, seen.get());
    }
    fc.apply(Tensor.zeros(DType.FLOAT32, 1, 3));
    assertEquals(4, seen.get());
  }

  @Test
  void docsShowTheSimpleConvNetTableAsPrinted() throws IOException {
    String md = Files.readString(Path.of("..", "docs", "models.md"), StandardCharsets.UTF_8);
    int at = md.indexOf("## Model summary");
    assertTrue(at >= 0, "docs/models.md lacks the 'Model summary' section");
    String table = new SimpleConvNet(42).summary(1, 1, 28, 28).toString();
    int start = md.indexOf("```text\n", at) + "```text\n".length();
    int end = md.indexOf("\n```", start);
    assertEquals(table, md.substring(start, end), "update docs/models.md from the summary");
  }
}
