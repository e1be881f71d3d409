package gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AnomalyTest {

  @Test
  void forwardNanNamesOpShapesAndUserCode() {
    Variable x = new Variable(Tensor.vector(1, -1, 2));
    AnomalyException e;
    try (Scope s = Anomaly.detect()) {
      e = assertThrows(AnomalyException.class, () -> x.log());
    }
    String m = e.getMessage();
    assertTrue(m.contains("log"), m);
    assertTrue(m.contains("forward"), m);
    assertTrue(m.contains("[3]"), m);
    assertTrue(m.contains("AnomalyTest"), m);
    assertFalse(Anomaly.isEnabled());
  }

  @Test
  void backwardInfinityIsCaught() {
    // sqrt via pow(0.5) at 0: forward 0 is fine, backward 0.5 / sqrt(0) is infinite.
    Variable x = new Variable(Tensor.vector(0, 4));
    try (Scope s = Anomaly.detect()) {
      Variable y = x.pow(0.5).sum();
      AnomalyException e = assertThrows(AnomalyException.class, () -> y.backward());
      assertTrue(e.getMessage().startsWith("anomaly: the backward of pow"), e.getMessage());
    }
  }

  /** An op whose forward is finite but whose backward formula divides by its input. */
  private static final class Reciprocal extends Op {
    @Override
    protected Tensor forward(Tensor... xs) {
      return xs[0].mul(xs[0]); // x^2: finite everywhere
    }

    @Override
    protected Variable[] backward(Variable gy) {
      // a planted bug: the right gradient is 2x; this one is gy / x, infinite at x = 0
      return new Variable[] {gy.div(input(0))};
    }
  }

  @Test
  void backwardNamesTheOpWhoseFormulaFailedNotItsInnerStep() {
    Variable x = new Variable(Tensor.vector(0, 2), "x");
    try (Scope s = Anomaly.detect()) {
      Variable y = new Reciprocal().apply(x).sum();
      AnomalyException e = assertThrows(AnomalyException.class, () -> y.backward());
      String m = e.getMessage();
      assertTrue(m.startsWith("anomaly: the backward of reciprocal produced NaN or infinity"), m);
      assertTrue(m.contains("in its step div"), m);
      assertTrue(m.contains("reciprocal's input shapes [2]"), m);
      assertTrue(m.contains("AnomalyTest"), "names the line that recorded the op: " + m);
    }
  }

  @Test
  void backwardIsCheckedEvenWhenTheForwardRanWithoutDetection() {
    Variable x = new Variable(Tensor.vector(0, 4));
    Variable y = x.pow(0.5).sum(); // recorded outside anomaly mode
    try (Scope s = Anomaly.detect()) {
      AnomalyException e = assertThrows(AnomalyException.class, () -> y.backward());
      String m = e.getMessage();
      assertTrue(m.contains("the backward of pow"), m);
      assertTrue(m.contains("enable Anomaly.detect() before the forward pass"), m);
    }
  }

  @Test
  void withoutAnomalyModeNanFlowsThrough() {
    Variable x = new Variable(Tensor.vector(-1));
    assertTrue(Double.isNaN(x.log().sum().item()));
    assertEquals(false, Anomaly.isEnabled());
  }
}
