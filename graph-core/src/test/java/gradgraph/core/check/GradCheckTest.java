package gradgraph.core.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradCheckTest {

  /** x · w, whose backward for w is planted wrong at one element. */
  static final class PlantedMul extends Op {
    private final boolean broken;

    PlantedMul(boolean broken) {
      this.broken = broken;
    }

    @Override
    protected Tensor forward(Tensor... x) {
      return x[0].zip(BinaryOp.MUL, x[1]);
    }

    @Override
    protected Variable[] backward(Variable gy) {
      Variable gw = gy.mul(input(0));
      if (broken) {
        double[] bump = new double[input(1).size()];
        bump[4] = 0.5; // element [1, 1] of a [2, 3] weight
        gw = gw.add(Variable.constant(Tensor.of(bump, input(1).shape())));
      }
      return new Variable[] {gy.mul(input(1)), gw};
    }
  }

  private static Variable x() {
    return new Variable(Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, 2, 3), "x");
  }

  private static Variable w() {
    return new Variable(Tensor.of(new double[] {1.5, 2.5, -0.5, 0.7, 1.1, -1.3}, 2, 3), "w");
  }

  @Test
  void passesOnCorrectBackward() {
    GradCheckReport r =
        GradCheck.defaults().check(v -> new PlantedMul(false).apply(v[0], v[1]).exp(), x(), w());
    assertTrue(r.passed(), r.toString());
    assertEquals(2, r.entries().size());
    assertTrue(r.entry("w").maxAbsError() < 1e-8, r.toString());
  }

  @Test
  void catchesPlantedWrongBackwardAndNamesInputAndWorstElement() {
    GradCheckReport r =
        GradCheck.defaults().check(v -> new PlantedMul(true).apply(v[0], v[1]).sum(), x(), w());
    assertFalse(r.passed());
    assertTrue(r.entry("x").passed(), r.toString());
    GradCheckReport.Entry e = r.entry("w");
    assertFalse(e.passed());
    assertArrayEquals(new int[] {1, 1}, e.worstIndex());
    assertEquals(-0.5 + 0.5, e.analytic(), 1e-9); // x[1,1] + planted 0.5
    assertEquals(-0.5, e.numeric(), 1e-6);
    assertEquals(0.5, e.maxAbsError(), 1e-6);
    String text = r.toString();
    assertTrue(text.contains("FAILED"), text);
    assertTrue(text.contains("w [2, 3]: FAILED"), text);
    assertTrue(text.contains("worst at [1, 1]"), text);
    AssertionError ae =
        assertThrows(
            AssertionError.class,
            () ->
                GradAssertions.assertGradientsMatch(
                    v -> new PlantedMul(true).apply(v[0], v[1]).sum(), x(), w()));
    assertTrue(ae.getMessage().contains("worst at [1, 1]"), ae.getMessage());
  }

  @Test
  void float32InputsArePromotedAndTheReportSaysSo() {
    Variable a = new Variable(Tensor.of(new float[] {0.3f, 0.7f}, 2), "a");
    GradCheckReport r = GradCheck.defaults().check(v -> v[0].exp().mul(v[0]), a);
    assertTrue(r.passed(), r.toString());
    assertTrue(r.promoted());
    assertTrue(r.toString().contains("promoted"), r.toString());
    assertEquals(DType.FLOAT32, a.dtype());
  }

  @Test
  void checkLossPerturbsParametersAndRestoresThem() {
    Variable w = new Variable(Tensor.of(new float[] {0.5f, -0.25f, 1f}, 3), "weight");
    Variable data = Variable.constant(Tensor.of(new float[] {2f, 3f, -1f}, 3));
    GradCheckReport r = GradCheck.defaults().checkLoss(() -> w.mul(data).exp().sum(), w);
    assertTrue(r.passed(), r.toString());
    assertEquals(DType.FLOAT32, w.dtype());
    assertArrayEquals(new float[] {0.5f, -0.25f, 1f}, w.value().toFloatArray());
  }

  @Test
  void secondOrderCatchesANonDifferentiableBackwardAndPassesOnGoodOnes() {
    GradCheckReport ok =
        GradCheck.defaults().checkSecondOrder(v -> v[0].mul(v[1]).exp().sum(), x(), w());
    assertTrue(ok.passed(), ok.toString());
    assertEquals(2, ok.order());
    // A backward that detaches its result has a wrong second derivative.
    GradCheckReport bad =
        GradCheck.defaults()
            .checkSecondOrder(
                v ->
                    new Op() {
                      @Override
                      protected Tensor forward(Tensor... t) {
                        return t[0].map(gradgraph.core.device.UnaryOp.EXP);
                      }

                      @Override
                      protected Variable[] backward(Variable gy) {
                        return new Variable[] {gy.mul(output().detach())};
                      }
                    }.apply(v[0]).sum(),
                x());
    assertFalse(bad.passed(), bad.toString());
  }
}
