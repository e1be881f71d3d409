package gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BackpropTest {

  @Test
  void applePrice() {
    Variable apple = Variable.scalar(100, "apple");
    Variable count = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable price = apple.mul(count).mul(tax);
    price.backward();
    assertEquals(220, price.item(), 1e-9);
    assertEquals(2.2, apple.grad().item(), 1e-12);
    assertEquals(110, count.grad().item(), 1e-9);
    assertEquals(200, tax.grad().item(), 1e-12);
  }

  @Test
  void appleOrangePrice() {
    Variable apple = Variable.scalar(100, "apple");
    Variable appleCount = Variable.scalar(2, "apple count");
    Variable orange = Variable.scalar(150, "orange");
    Variable orangeCount = Variable.scalar(3, "orange count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable total = apple.mul(appleCount).add(orange.mul(orangeCount));
    Variable price = total.mul(tax);
    price.backward();
    assertEquals(715, price.item(), 1e-9);
    assertEquals(2.2, apple.grad().item(), 1e-12);
    assertEquals(110, appleCount.grad().item(), 1e-9);
    assertEquals(3.3, orange.grad().item(), 1e-12);
    assertEquals(165, orangeCount.grad().item(), 1e-9);
    assertEquals(650, tax.grad().item(), 1e-9);
  }

  @Test
  void readmeExampleRunsAndIsTheReadmeCode() throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      AppleExample.main(new String[0]);
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("price 220"), out);
    assertTrue(out.contains("d apple 2.200"), out);
    assertTrue(out.contains("d count 110.0"), out);
    assertTrue(out.contains("d tax 200.0"), out);

    Path src = Path.of("src/test/java/gradgraph/core/AppleExample.java");
    String code = Files.readString(src);
    String body =
        code.substring(code.indexOf("// README-BEGIN") + 16, code.indexOf("    // README-END"))
            .stripTrailing();
    String readme = Files.readString(Path.of("../README.md"));
    String unindented = body.replaceAll("(?m)^    ", "");
    assertTrue(
        readme.contains(unindented),
        "README.md must contain the apple example exactly as in AppleExample.java:\n" + unindented);
  }

  @Test
  void mixedDtypeGradientsStayOnTheGraphForSecondOrder() {
    // x is FLOAT32, w FLOAT64: y = (x·w)² computes in FLOAT64 and x's gradient is cast back.
    Variable x = new Variable(Tensor.of(new float[] {1.5f}, 1));
    Variable w = new Variable(Tensor.vector(2.0));
    Variable y = x.mul(w).square().sum();
    y.backward(BackwardOption.CREATE_GRAPH);
    Variable gx = x.grad(); // 2·x·w² = 12
    assertEquals(DType.FLOAT32, gx.dtype());
    assertEquals(12.0, gx.item(), 1e-6);
    x.clearGrad();
    w.clearGrad();
    gx.sum().backward();
    assertEquals(8.0, x.grad().item(), 1e-6); // d/dx 2·x·w² = 2·w²
    assertEquals(12.0, w.grad().item(), 1e-6); // d/dw 2·x·w² = 4·x·w
    Variable c = new Variable(Tensor.vector(0.25)).to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, c.dtype());
  }

  @Test
  void fanOutGradientsAccumulate() {
    Variable a = Variable.scalar(3);
    Variable b = a.add(a);
    Variable c = b.add(b);
    c.backward();
    assertEquals(4, a.grad().item());
  }

  @Test
  void diamondGraphVisitsEachOpOnce() {
    // y = (x²)² + (x²)³ style diamond: z = x²; y = z·z + z  → dy/dx = (2z + 1)·2x
    Variable x = Variable.scalar(1.5);
    Variable z = x.square();
    Variable y = z.mul(z).add(z);
    y.backward();
    double zv = 2.25;
    assertEquals((2 * zv + 1) * 3.0, x.grad().item(), 1e-12);
  }

  @Test
  void broadcastGradientIsReducedToInputShape() {
    Variable x = new Variable(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
    Variable b = new Variable(Tensor.vector(10, 20, 30));
    Variable y = x.add(b).sum();
    y.backward();
    assertTrue(b.grad().value().allClose(Tensor.vector(2, 2, 2), 0, 0));
    assertTrue(x.grad().value().allClose(Tensor.ones(DType.FLOAT64, 2, 3), 0, 0));
  }

  @Test
  void intermediateGradsAreFreedUnlessRetained() {
    Variable x = Variable.scalar(2);
    Variable h = x.square();
    Variable kept = h.mul(3.0).retainGrad();
    Variable y = kept.add(1.0);
    y.backward();
    assertNull(h.grad());
    assertNull(y.grad());
    assertEquals(1.0, kept.grad().item());
    assertEquals(12.0, x.grad().item());

    Variable x2 = Variable.scalar(2);
    Variable h2 = x2.square();
    Variable y2 = h2.mul(3.0);
    y2.backward(BackwardOption.RETAIN_GRAD);
    assertEquals(3.0, h2.grad().item());
    assertEquals(1.0, y2.grad().item());
  }

  @Test
  void secondBackwardOnFreedGraphThrowsAndSaysHowToFix() {
    Variable x = Variable.scalar(2);
    Variable y = x.square().mul(3.0);
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward());
    assertTrue(e.getMessage().contains("RETAIN_GRAPH"), e.getMessage());
  }

  @Test
  void retainGraphAllowsASecondBackwardAndGradsAccumulate() {
    Variable x = Variable.scalar(2);
    Variable y = x.square().mul(3.0);
    y.backward(BackwardOption.RETAIN_GRAPH);
    assertEquals(12.0, x.grad().item());
    y.backward();
    assertEquals(24.0, x.grad().item());
    x.clearGrad();
    assertNull(x.grad());
  }

  @Test
  void gradModeDisabledRecordsNothingAndNests() {
    Variable x = Variable.scalar(2);
    assertTrue(Grad.isEnabled());
    try (Scope off = Grad.disabled()) {
      Variable y = x.mul(x);
      assertNull(y.creator());
      assertTrue(!y.requiresGrad());
      try (Scope on = Grad.enabled()) {
        assertTrue(x.mul(x).creator() != null);
      }
      assertTrue(!Grad.isEnabled());
    }
    assertTrue(Grad.isEnabled());
    assertTrue(x.mul(x).creator() != null);
  }

  @Test
  void detachCutsHistory() {
    Variable x = Variable.scalar(3);
    Variable y = x.square();
    Variable d = y.detach();
    assertTrue(d.isLeaf());
    assertTrue(!d.requiresGrad());
    Variable z = d.mul(x);
    z.backward();
    assertEquals(9.0, x.grad().item());
  }

  @Test
  void constantsGetNoGradient() {
    Variable c = Variable.constant(Tensor.scalar(5));
    Variable x = Variable.scalar(2);
    x.mul(c).backward();
    assertNull(c.grad());
    assertEquals(5.0, x.grad().item());
  }

  @Test
  void backwardOfAConstantResultFailsClearly() {
    Variable c = Variable.constant(Tensor.scalar(5));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> c.mul(2.0).backward());
    assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
  }

  @Test
  void twoThreadsRecordAndBackpropSeparateGraphs() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Double>> results =
          pool.invokeAll(
              List.of(
                  () -> {
                    double last = 0;
                    for (int i = 0; i < 2000; i++) {
                      Variable x = Variable.scalar(3);
                      try (Scope off = Grad.disabled()) {
                        x.mul(x); // this thread's mode must not leak into the other
                      }
                      x.square().mul(2.0).backward();
                      last = x.grad().item();
                    }
                    return last;
                  },
                  () -> {
                    double last = 0;
                    for (int i = 0; i < 2000; i++) {
                      Variable x = Variable.scalar(5);
                      x.exp().backward();
                      last = x.grad().item();
                    }
                    return last;
                  }));
      assertEquals(12.0, results.get(0).get());
      assertEquals(Math.exp(5), results.get(1).get(), 1e-9);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void chainOf100000OpsForwardAndBackwardWithoutStackOverflow() {
    int n = 100_000;
    long t0 = System.nanoTime();
    Variable x = Variable.scalar(1.0);
    Variable y = x;
    for (int i = 0; i < n; i++) {
      y = y.mul(1.0).add(0.0);
    }
    y.backward();
    long elapsed = System.nanoTime() - t0;
    assertEquals(1.0, x.grad().item());
    assertEquals(2 * n, y.generation());
    // Linear time: 200 000 ops both ways. A generous bound (the figure is in the notes):
    // quadratic behaviour would take minutes.
    assertTrue(elapsed < 60_000_000_000L, "took " + elapsed / 1e9 + " s");
  }

  @Test
  void newtonsMethodWithSecondDerivativeFromCreateGraph() {
    // f(x) = x⁴ − 2x², f'(x) = 4x³ − 4x, f''(x) = 12x² − 4; from x = 2 Newton reaches 1.
    Variable x = Variable.scalar(2.0);
    int steps = 0;
    for (; steps < 10; steps++) {
      Variable y = x.pow(4).sub(x.square().mul(2.0));
      y.backward(BackwardOption.CREATE_GRAPH);
      Variable gx = x.grad();
      x.clearGrad();
      gx.backward();
      Variable gx2 = x.grad();
      double next = x.item() - gx.item() / gx2.item();
      x.setValue(Tensor.scalar(next));
      x.clearGrad();
      if (Math.abs(next - 1.0) < 1e-12) {
        steps++;
        break;
      }
    }
    assertEquals(1.0, x.item(), 1e-12);
    assertTrue(steps < 10, "steps: " + steps);
  }

  @Test
  void fourDerivativesOfTanhMatchClosedForms() {
    double x0 = 0.7;
    Variable x = Variable.scalar(x0);
    // tanh from primitives: (e^{2x} − 1) / (e^{2x} + 1)
    Variable e2 = x.mul(2.0).exp();
    Variable y = e2.sub(1.0).div(e2.add(1.0));
    double t = Math.tanh(x0);
    double s = 1 - t * t;
    double[] expected = {s, -2 * t * s, s * (6 * t * t - 2), 8 * t * s * (2 - 3 * t * t)};
    assertEquals(t, y.item(), 1e-12);
    Variable current = y;
    for (int order = 0; order < 4; order++) {
      x.clearGrad();
      current.backward(BackwardOption.CREATE_GRAPH);
      current = x.grad();
      assertEquals(expected[order], current.item(), 1e-9, "derivative " + (order + 1));
    }
  }

  @Test
  void gradFunctionLeavesGradFieldsAlone() {
    Variable x = Variable.scalar(3);
    Variable w = Variable.scalar(4);
    Variable y = x.mul(w).add(x.square());
    List<Variable> g = Backprop.grad(y, List.of(x, w));
    assertEquals(10.0, g.get(0).item());
    assertEquals(3.0, g.get(1).item());
    assertNull(x.grad());
  }

  @Test
  void anOpInstanceIsAppliedOnce() {
    var op = new gradgraph.core.ops.Exp();
    op.apply(Variable.scalar(1));
    assertThrows(IllegalStateException.class, () -> op.apply(Variable.scalar(1)));
  }

  @Test
  void nameScopesAreRecordedOnOps() {
    Variable x = Variable.scalar(1);
    Variable y;
    try (Scope a = NameScope.push("model")) {
      try (Scope b = NameScope.push("fc1")) {
        y = x.mul(2.0);
      }
    }
    assertEquals("model/fc1", y.creator().scope());
    assertEquals("", NameScope.current());
  }

  @Test
  void backwardWithSeedGradientGivesTheVectorJacobianProduct() {
    Variable x = new Variable(Tensor.of(new double[] {1, 2, 3}, 3), "x");
    Variable y = x.mul(x); // dy/dx = diag(2x)
    y.backward(Tensor.of(new double[] {1, 10, 100}, 3));
    assertArrayEquals(new double[] {2, 40, 600}, x.grad().value().toDoubleArray(), 0);
  }

  @Test
  void backwardWithSeedOfAnotherShapeOrDtypeNamesBoth() {
    Variable x = new Variable(Tensor.of(new double[] {1, 2, 3}, 3), "x");
    Variable y = x.mul(x);
    IllegalArgumentException shape =
        assertThrows(
            IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.FLOAT64, 2)));
    assertEquals(
        "backward: gradient: shape [2] differs from the output's shape [3]", shape.getMessage());
    IllegalArgumentException dtype =
        assertThrows(
            IllegalArgumentException.class, () -> y.backward(Tensor.ones(DType.FLOAT32, 3)));
    assertEquals(
        "backward: gradient: dtype FLOAT32 differs from the output's dtype FLOAT64",
        dtype.getMessage());
  }

  @Test
  void float32VariablePrintsItsDtypeWhole() {
    Variable v = new Variable(Tensor.of(new float[] {0.5f, 1.25f}, 2));
    assertEquals("variable([0.5000, 1.2500], dtype=float32)", v.toString());
  }
}
