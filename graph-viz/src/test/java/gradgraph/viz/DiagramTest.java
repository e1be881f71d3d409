package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.BackwardOption;
import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagramTest {
  private static final Pattern NODE = Pattern.compile("^ +(\\w+) \\[label=", Pattern.MULTILINE);

  @Test
  void beforeBackwardShowsValuesOnlyAndSaysSo() {
    String dot = Diagram.of(TestGraphs.appleForwardOnly()).toDot();
    assertFalse(dot.contains("dir=back"), dot);
    assertFalse(dot.contains("label=\"0\""), "no zeros in place of gradients:\n" + dot);
    assertTrue(dot.contains("no backward pass yet"), dot);
    assertEquals(List.of("100", "2", "200", "1.1", "220"), GoldenDotTest.edgeLabels(dot, false));
  }

  @Test
  void gradientsCanBeTurnedOffAndValuesToo() {
    Variable price = AppleGraphs.apple();
    String noGrad = Diagram.of(price).showGradients(false).toDot();
    assertFalse(noGrad.contains("dir=back"));
    assertFalse(noGrad.contains("no backward pass yet"), "the graph has gradients");
    String noValues = Diagram.of(price).showValues(false).toDot();
    assertEquals(List.of(), GoldenDotTest.edgeLabels(noValues, false));
    assertEquals(
        List.of("2.2", "110", "1.1", "200", "1"), GoldenDotTest.edgeLabels(noValues, true));
  }

  @Test
  void withoutRetainGradOnlyLeavesCarryGradientsAndTheLegendSaysHowToGetTheRest() {
    Variable apple = Variable.scalar(100, "apple");
    Variable count = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable price = apple.mul(count).mul(tax).named("price");
    price.backward();
    String dot = Diagram.of(price).toDot();
    assertEquals(List.of("2.2", "110", "200"), GoldenDotTest.edgeLabels(dot, true));
    assertTrue(dot.contains("run backward(BackwardOption.RETAIN_GRAD) to see them"), dot);
  }

  @Test
  void graphStaysDrawableAfterBackwardReleasedIt() {
    Variable price = AppleGraphs.apple();
    assertTrue(price.creator().isReleased());
    assertTrue(Diagram.of(price).toDot().contains("f1 -> v3 [label=\"220\"]"));
  }

  @Test
  void rankdirAndTitleAndLegendAreOptions() {
    String dot =
        Diagram.of(AppleGraphs.apple())
            .rankdir(Rankdir.TB)
            .title("my \"graph\"")
            .legend(false)
            .toDot();
    assertTrue(dot.startsWith("digraph \"my \\\"graph\\\"\" {\n"), dot);
    assertTrue(dot.contains("rankdir=TB"), dot);
    assertFalse(dot.contains("labelloc"), dot);
  }

  @Test
  void autoLaysShortGraphsOutLeftToRightAndLongOnesTopToBottom() {
    assertTrue(Diagram.of(AppleGraphs.apple()).toDot().contains("rankdir=LR"));
    assertTrue(Diagram.of(AppleGraphs.appleOrange()).toDot().contains("rankdir=LR"));
    // a chain of scalar ops: about 100 points an op, so 8 stay in a row and 16 become a column
    assertTrue(Diagram.of(chain(8)).toDot().contains("rankdir=LR"));
    String longChain = Diagram.of(chain(16)).toDot();
    assertTrue(longChain.contains("rankdir=TB"), longChain);
    assertTrue(Diagram.of(chain(16)).rankdir(Rankdir.LR).toDot().contains("rankdir=LR"));
    assertTrue(Diagram.of(chain(2)).rankdir(Rankdir.BT).toDot().contains("rankdir=BT"));
    // a layered model's step in COMPACT boxes: wide boxes and shape labels, so a column early
    String model = Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT).toDot();
    assertTrue(model.contains("rankdir=LR"), "four boxes still fit in a row");
    String expanded =
        Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT).expandScopes(true).toDot();
    assertTrue(expanded.contains("rankdir=TB"), expanded);
    // in a column the legend is wrapped so it does not set the picture's width
    String legend = expanded.substring(expanded.indexOf("label=\""), expanded.indexOf(";\n"));
    for (String line : legend.split("\\\\n")) {
      assertTrue(line.length() <= 2 * Painter.WRAP + 8, line);
    }
  }

  @Test
  void longLabelsAreWrapped() {
    Variable v =
        new Variable(Tensor.of(new double[] {1.0 / 3, 2.0 / 3, 4.0 / 3, 5.0 / 3}, 2, 2), null);
    Variable y = v.mul(2).named("y");
    String dot = Diagram.of(y).toDot();
    assertTrue(dot.contains("[[0.333333, 0.666667],\\n[1.33333, 1.66667]]"), dot);
  }

  /** x → ×1.5 → +1 → ×1.5 → … with {@code n} ops, forward and backward run. */
  private static Variable chain(int n) {
    Variable x = Variable.scalar(1.25, "x");
    Variable y = x;
    for (int i = 0; i < n; i++) {
      y = i % 2 == 0 ? y.mul(1.5) : y.add(1);
    }
    y = y.named("y");
    y.backward(gradgraph.core.BackwardOption.RETAIN_GRAD);
    return y;
  }

  @Test
  void shapesAndDtypesOnRequest() {
    Variable w = new Variable(Tensor.zeros(DType.FLOAT32, 100, 10), "W");
    Variable x = new Variable(Tensor.ones(DType.FLOAT32, 2, 100), "x");
    Variable y = x.matmul(w).named("y");
    String plain = Diagram.of(y).toDot();
    assertTrue(plain.contains("v1 -> f0 [label=\"[100, 10]\"]"), plain);
    assertTrue(plain.contains("the shape of a tensor of more than 4 elements"), plain);
    String shapes = Diagram.of(y).showShapes(true).toDot();
    assertTrue(shapes.contains("v1 -> f0 [label=\"[100, 10] float32\"]"), shapes);
    assertTrue(shapes.contains("label=\"W\\n[100, 10] float32\""), shapes);
  }

  @Test
  void unnamedLeavesShowTheirValueAndNamedIntermediatesTheirName() {
    Variable a = Variable.scalar(3);
    Variable h = a.mul(a).named("h");
    Variable y = h.exp().log();
    String dot = Diagram.of(y).toDot();
    assertTrue(dot.contains("v0 [label=\"3\", shape=plaintext, fontcolor=\"#555555\"]"), dot);
    assertTrue(dot.contains("v0 -> f0 [label=\"3\"];\n  v0 -> f0 [label=\"3\"];"), dot);
    assertTrue(dot.contains("f0 -> f1 [label=\"h = 9\"]"), dot);
    assertTrue(dot.contains("label=\"output\""), dot);
    assertTrue(dot.contains("label=\"exp\"") && dot.contains("label=\"log\""), dot);
  }

  @Test
  void severalOutputsAndALeafOutput() {
    Variable a = Variable.scalar(2, "a");
    Variable b = a.square().named("b");
    Variable c = b.mul(3.0).named("c");
    String dot = Diagram.of(c, b, c, a).toDot();
    List<String> nodes = nodes(dot);
    assertEquals(List.of("v0", "f0", "v1", "f1", "v2"), nodes, dot);
    assertTrue(dot.contains("f0 -> f1 [label=\"b = 4\"]") || dot.contains("f0 -> f1"), dot);
    assertTrue(dot.contains("f0 -> v1 [label=\"4\"]"), dot);
    assertTrue(dot.contains("f1 -> v2 [label=\"12\"]"), dot);
  }

  @Test
  void dezeroDrawsEveryVariableAsAnEllipseAndEveryOpAsABox() {
    String dot = Diagram.of(TestGraphs.scopedMlp(null)).style(Style.DEZERO).toDot();
    assertEquals(9, count(dot, "shape=box"), dot); // 9 ops
    assertEquals(6 + 9, count(dot, "shape=ellipse"), dot); // 6 leaves, 9 results
    assertTrue(dot.contains("W1<BR/>[3, 4] float64"), dot);
    assertTrue(dot.contains("label=\"MatMul\""), dot);
  }

  @Test
  void compactCollapsesEachScopeToOneBoxWithItsParameters() {
    String dot = Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT).toDot();
    assertEquals(List.of("v0", "g0", "g1", "g2", "v1", "g3", "v2"), nodes(dot), dot);
    assertTrue(dot.contains("<B>fc1</B>"), dot);
    assertTrue(
        dot.contains(">W1 [3, 4]</FONT> <FONT POINT-SIZE=\"10\" COLOR=\"#d62728\">‖g‖"), dot);
    assertTrue(dot.contains(">b1 [4]</FONT>"), dot);
    assertEquals(6, count(dot, " -> "), dot);
  }

  @Test
  void compactGroupsByScopeDepth() {
    Variable x = Variable.scalar(2, "x");
    Variable y;
    try (Scope m = NameScope.push("model")) {
      try (Scope a = NameScope.push("block1")) {
        y = x.mul(x);
      }
      try (Scope b = NameScope.push("block2")) {
        y = y.exp();
      }
      y = y.neg();
    }
    String full = Diagram.of(y).style(Style.COMPACT).toDot();
    assertTrue(full.contains("<B>model/block1</B>") && full.contains("<B>model</B>"), full);
    String top = Diagram.of(y).style(Style.COMPACT).scopeDepth(1).toDot();
    // x requires a gradient and only "model" uses it: drawn inside, as a parameter
    assertEquals(List.of("g0", "v0"), nodes(top), top);
    assertTrue(top.contains("×, exp, −x (3 ops)"), top);
    assertTrue(top.contains(">x = 2</FONT>"), top);
  }

  @Test
  void compactWithoutScopesDrawsOpsAsCircles() {
    String dot = Diagram.of(AppleGraphs.apple()).style(Style.COMPACT).toDot();
    assertEquals(2, count(dot, "shape=circle"), dot);
    assertTrue(dot.contains("label=<220<BR/><FONT COLOR=\"#d62728\">1</FONT>>"), dot);
  }

  @Test
  void compactSharesALeafUsedByTwoLayers() {
    Variable w = Variable.scalar(3, "w");
    Variable y;
    try (Scope a = NameScope.push("a")) {
      y = w.mul(w);
    }
    try (Scope b = NameScope.push("b")) {
      y = y.mul(w);
    }
    y.backward(BackwardOption.RETAIN_GRAD);
    String dot = Diagram.of(y).style(Style.COMPACT).toDot();
    assertTrue(dot.contains("v0 [label=\"w\", shape=plaintext]"), dot);
    assertTrue(dot.contains("v0 -> g0") && dot.contains("v0 -> g1"), dot);
  }

  @Test
  void theOutputIsDrawnWhateverTheBudget() {
    String dot = Diagram.of(AppleGraphs.apple()).nodeBudget(1).toDot();
    assertEquals(List.of("hidden", "v0"), nodes(dot), dot);
    assertTrue(dot.contains("… 5 more nodes hidden"), dot); // 2 circles and 3 leaves
    assertTrue(dot.contains("hidden -> v0 [label=\"220\"]"), dot);
    String three = Diagram.of(AppleGraphs.apple()).nodeBudget(3).toDot();
    // the output's op and tax fit; the op before it and its two leaves do not
    assertEquals(List.of("hidden", "v0", "f0", "v1"), nodes(three), three); // tax, ×, price
    assertTrue(three.contains("… 3 more nodes hidden"), three);
    assertTrue(three.contains("hidden -> f0 [label=\"200\"]"), three);
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    Variable v = Variable.scalar(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Diagram::of);
    assertEquals("Diagram.of: outputs: none given", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Diagram.of(v).nodeBudget(0));
    assertEquals("Diagram.nodeBudget: budget: must be at least 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Diagram.of(v).scopeDepth(-1));
    assertEquals("Diagram.scopeDepth: depth: must be 0 or more, got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Diagram.of(v, null));
    assertEquals("Diagram.of: outputs: element 1 is null", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Diagram.of(v).pngScale(0));
    assertEquals("Diagram.pngScale: scale: must be in (0, 8], got 0.0", e.getMessage());
  }

  @Test
  void writeChoosesTheFormatByExtension(@TempDir Path dir) throws Exception {
    Diagram d = Diagram.of(AppleGraphs.apple());
    Path dot = d.write(dir.resolve("sub/apple.DOT"));
    assertEquals(d.toDot(), Files.readString(dot));
    // written through a temporary file, yet with the permissions of any new file
    Path plain = Files.writeString(dir.resolve("sub/plain.txt"), "x");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dot));
    }
    try (Stream<Path> files = Files.list(dir.resolve("sub"))) {
      assertEquals(2, files.count(), "no temporary file left");
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.write(dir.resolve("apple.jpg")));
    assertTrue(e.getMessage().startsWith("Diagram.write: file: '"), e.getMessage());
    assertTrue(e.getMessage().endsWith("apple.jpg' does not end in .dot, .gv, .svg, .png or .pdf"));
  }

  static List<String> nodes(String dot) {
    Matcher m = NODE.matcher(dot);
    List<String> ids = new java.util.ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  static int count(String s, String part) {
    int n = 0;
    for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
