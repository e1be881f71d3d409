package gradgraph.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private Parameter w;
  private Parameter frozen;
  private Parameter noGrad;
  private Parameter bias;
  private Map<String, Parameter> params;

  private void setUp() {
    w = new Parameter(Tensor.vector(1, 2), "w");
    frozen = new Parameter(Tensor.vector(5, 6), "frozen");
    frozen.setRequiresGrad(false);
    noGrad = new Parameter(Tensor.vector(7), "noGrad");
    bias = new Parameter(Tensor.vector(3), "b", false);
    params = new LinkedHashMap<>();
    params.put("w", w);
    params.put("frozen", frozen);
    params.put("noGrad", noGrad);
    params.put("b", bias);
    grads();
  }

  private void grads() {
    w.setGrad(Variable.constant(Tensor.vector(0.5, -1)));
    frozen.setGrad(Variable.constant(Tensor.vector(100, 100)));
    bias.setGrad(Variable.constant(Tensor.vector(1)));
  }

  private double[] run(Function<Map<String, Parameter>, Optimizer> make, int steps) {
    setUp();
    Optimizer opt = make.apply(params);
    for (int i = 0; i < steps; i++) {
      if (i > 0) {
        grads();
      }
      opt.step();
    }
    // frozen parameters and those without a gradient are never touched
    assertArrayEquals(new double[] {5, 6}, frozen.value().toDoubleArray());
    assertArrayEquals(new double[] {7}, noGrad.value().toDoubleArray());
    for (String k : opt.state().keySet()) {
      assertTrue(!k.startsWith("frozen") && !k.startsWith("noGrad"), k);
    }
    return w.value().toDoubleArray();
  }

  @Test
  void sgd() {
    assertArrayEquals(new double[] {0.95, 2.1}, run(p -> new Sgd(p, 0.1), 1), 1e-12);
  }

  @Test
  void momentumTwoSteps() {
    // v1 = -0.1 g = [-0.05, 0.1]; v2 = 0.9 v1 - 0.1 g = [-0.095, 0.19]; w = 1 + v1 + v2
    assertArrayEquals(new double[] {0.855, 2.29}, run(p -> new Momentum(p, 0.1, 0.9), 2), 1e-12);
  }

  @Test
  void nesterov() {
    // v = [-0.05, 0.1]; w += 0.81 v - 1.9 * 0.1 g
    assertArrayEquals(
        new double[] {1 - 0.0405 - 0.095, 2 + 0.081 + 0.19},
        run(p -> new Nesterov(p, 0.1, 0.9), 1),
        1e-12);
  }

  @Test
  void adaGrad() {
    // h = g^2 = [0.25, 1]
    assertArrayEquals(
        new double[] {1 - 0.05 / (0.5 + 1e-7), 2 + 0.1 / (1 + 1e-7)},
        run(p -> new AdaGrad(p, 0.1, 1e-7), 1),
        1e-12);
  }

  @Test
  void rmsProp() {
    // h = 0.01 g^2 = [0.0025, 0.01], sqrt h = [0.05, 0.1]
    assertArrayEquals(
        new double[] {1 - 0.05 / (0.05 + 1e-7), 2 + 0.1 / (0.1 + 1e-7)},
        run(p -> new RmsProp(p, 0.1, 0.99, 1e-7), 1),
        1e-12);
  }

  @Test
  void adamFirstStepMovesByAboutLr() {
    // t = 1: lr_t = 0.1 * sqrt(0.001) / 0.1; m = [0.05, -0.1]; v = [0.00025, 0.001]
    double lrT = Math.sqrt(0.001);
    assertArrayEquals(
        new double[] {
          1 - lrT * 0.05 / (Math.sqrt(0.00025) + 1e-7), 2 + lrT * 0.1 / (Math.sqrt(0.001) + 1e-7)
        },
        run(p -> new Adam(p, 0.1, 0.9, 0.999, 1e-7), 1),
        1e-12);
    assertEquals(0.9, w.value().getFlat(0), 1e-4);
  }

  @Test
  void l2AndL1DecayOnlyWeights() {
    assertArrayEquals(
        new double[] {0.94, 2.08},
        run(p -> new Sgd(p, 0.1).weightDecay(WeightDecay.l2(0.1)), 1),
        1e-12);
    assertEquals(3 - 0.1, bias.value().item(), 1e-12); // no decay on the bias
    assertArrayEquals(
        new double[] {0.94, 2.09},
        run(p -> new Sgd(p, 0.1).weightDecay(WeightDecay.l1(0.1)), 1),
        1e-12);
  }

  @Test
  void clipGradNormScalesToMaxNorm() {
    Parameter a = new Parameter(Tensor.vector(0, 0), "a");
    a.setGrad(Variable.constant(Tensor.vector(3, 4)));
    Parameter f = new Parameter(Tensor.vector(0), "f");
    f.setRequiresGrad(false);
    f.setGrad(Variable.constant(Tensor.vector(1000))); // ignored: frozen
    double norm = Optimizer.clipGradNorm(java.util.List.of(a, f), 1.0);
    assertEquals(5, norm, 1e-12);
    assertArrayEquals(new double[] {0.6, 0.8}, a.grad().value().toDoubleArray(), 1e-6);
    Variable before = a.grad();
    Optimizer.clipGradNorm(java.util.List.of(a), 10.0); // below the bound: untouched
    assertSame(before, a.grad());
  }

  @Test
  void clippingInsideStep() {
    assertArrayEquals(
        new double[] {1 - 0.5 / Math.sqrt(1.25 + 1) * 1.0, 2 + 1 / Math.sqrt(1.25 + 1)},
        run(p -> new Sgd(p, 1.0).clipGradNorm(1.0), 1),
        1e-5);
  }

  @Test
  void printsSettings() {
    setUp();
    assertEquals("Sgd(lr=0.1)", new Sgd(params, 0.1).toString());
    assertEquals(
        "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-07, weightDecay=L2(0.01),"
            + " clipGradNorm=5)",
        new Adam(params, 0.001, 0.9, 0.999, 1e-7)
            .weightDecay(WeightDecay.l2(0.01))
            .clipGradNorm(5)
            .toString());
    assertEquals("Momentum(lr=0.01, momentum=0.9)", new Momentum(params, 0.01, 0.9).toString());
    assertEquals(
        "RmsProp(lr=0.01, decayRate=0.99, eps=1e-07)",
        new RmsProp(params, 0.01, 0.99, 1e-7).toString());
  }

  @Test
  void stateRoundTrip() {
    setUp();
    Adam a = new Adam(params, 0.1, 0.9, 0.999, 1e-7);
    a.step();
    Map<String, Tensor> s = a.state();
    assertEquals(1, s.get("steps").item());
    assertTrue(s.containsKey("w.m") && s.containsKey("w.v") && s.containsKey("b.m"));
    Adam b = new Adam(params, 0.1, 0.9, 0.999, 1e-7);
    b.loadState(s);
    assertEquals(1, b.steps());
    assertArrayEquals(s.get("w.v").toDoubleArray(), b.state().get("w.v").toDoubleArray());
    Map<String, Tensor> bad = new LinkedHashMap<>(s);
    bad.put("nope.m", Tensor.vector(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.loadState(bad));
    assertTrue(e.getMessage().contains("nope.m"), e.getMessage());
  }

  @Test
  void badSettingsSayWhat() {
    setUp();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Sgd(params, -1));
    assertEquals("Sgd: lr: must be a positive number, got -1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Momentum(params, 0.1, 1.5));
    assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizer.create("adamw", null, 0.1));
  }

  @Test
  void noGradientMeansNoUpdate() {
    setUp();
    w.clearGrad();
    new Adam(params, 0.1, 0.9, 0.999, 1e-7).step();
    assertArrayEquals(new double[] {1, 2}, w.value().toDoubleArray());
    assertNull(w.grad());
  }
}
