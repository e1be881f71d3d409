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
      assertTrue(e.getMessage().contains("pow"), e.getMessage());
      assertTrue(e.getMessage().contains("backward"), e.getMessage());
    }
  }

  @Test
  void withoutAnomalyModeNanFlowsThrough() {
    Variable x = new Variable(Tensor.vector(-1));
    assertTrue(Double.isNaN(x.log().sum().item()));
    assertEquals(false, Anomaly.isEnabled());
  }
}
