package gradgraph.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.check.GradCheckReport;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import gradgraph.models.train.ModelGradCheck;
import gradgraph.ops.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZooTest {
  private static int[] shapeOf(Module m, int... input) {
    return m.apply(Tensor.zeros(DType.FLOAT32, input)).shape();
  }

  @Test
  void shapesAndParameterNames() {
    TwoLayerNet two = new TwoLayerNet(784, 50, 10, 1);
    assertArrayEquals(new int[] {3, 10}, shapeOf(two, 3, 1, 28, 28));
    assertEquals(
        List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"),
        List.copyOf(two.namedParameters().keySet()));
    assertEquals(784 * 50 + 50 + 50 * 10 + 10, two.parameterCount());

    SimpleConvNet cnn = new SimpleConvNet(1);
    assertArrayEquals(new int[] {2, 10}, shapeOf(cnn, 2, 1, 28, 28));
    Map<String, Parameter> p = cnn.namedParameters();
    assertArrayEquals(new int[] {30, 1, 5, 5}, p.get("conv1.weight").shape());
    assertArrayEquals(new int[] {30 * 12 * 12, 100}, p.get("fc1.weight").shape());
    assertArrayEquals(new int[] {100, 10}, p.get("fc2.weight").shape());

    DeepConvNet deep = new DeepConvNet(1);
    assertArrayEquals(new int[] {2, 10}, shapeOf(deep, 2, 1, 28, 28));
    Map<String, Parameter> d = deep.namedParameters();
    assertArrayEquals(new int[] {16, 1, 3, 3}, d.get("layers.conv1.weight").shape());
    assertArrayEquals(new int[] {64, 64, 3, 3}, d.get("layers.conv6.weight").shape());
    assertArrayEquals(new int[] {1024, 50}, d.get("layers.fc1.weight").shape());
    assertEquals(16, d.size()); // 8 layers with weight and bias

    ResidualNet res = new ResidualNet(4, 1);
    assertArrayEquals(new int[] {2, 10}, shapeOf(res, 2, 1, 28, 28));
    assertTrue(res.namedParameters().containsKey("block2.bn1.gamma"));

    Mlp mlp = (Mlp) Zoo.create("mlp", new int[] {1, 28, 28}, 10, 1);
    assertEquals("784-100-100-10 relu init=he", mlp.config().toString());
    assertArrayEquals(new int[] {2, 10}, shapeOf(mlp, 2, 784));
  }

  @Test
  void sameSeedSameWeights() {
    assertArrayEquals(
        new SimpleConvNet(7).stateDict().get("fc1.weight").toFloatArray(),
        new SimpleConvNet(7).stateDict().get("fc1.weight").toFloatArray());
  }

  @Test
  void weightDecayPenaltyIsTheBooks() {
    Mlp m =
        new Mlp(
            new Mlp.Config(
                2, new int[] {3}, 2, gradgraph.models.nn.Activation.RELU, null, false, 0, 0.5, 1));
    double sq = 0;
    for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
      if (e.getKey().endsWith("weight")) {
        for (double v : e.getValue().value().toDoubleArray()) {
          sq += v * v;
        }
      }
    }
    Variable pen = m.penalty();
    assertEquals(0.5 * 0.5 * sq, pen.item(), 1e-5);
    assertEquals(null, new Mlp(Mlp.Config.of(2, 2, 1, 3)).penalty());
  }

  @Test
  void wholeModelGradientChecksPass() {
    for (String name : ModelGradCheck.names()) {
      GradCheckReport r = ModelGradCheck.check(name, 3);
      assertTrue(r.passed(), name + ":\n" + r);
      assertTrue(r.entries().size() >= 4, name);
    }
    assertEquals("fc1.weight", ModelGradCheck.check("two-layer", 1).entries().get(0).input());
  }

  @Test
  void convolutionalModelsRejectPoints() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Zoo.create("cnn", new int[] {2}, 3, 1));
    assertTrue(e.getMessage().contains("use --model mlp or two-layer"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Zoo.create("gpt", new int[] {2}, 3, 1));
    Variable y = Ops.sum(new ResidualNet(2, 1).apply(Tensor.zeros(DType.FLOAT32, 1, 1, 28, 28)));
    assertEquals(DType.FLOAT32, y.dtype());
  }

  /** An op whose backward is off by 10 %: the check must catch it and name the parameter. */
  static final class WrongScale extends gradgraph.core.Op {
    @Override
    protected Tensor forward(Tensor... x) {
      return x[0].mul(x[1]);
    }

    @Override
    protected Variable[] backward(Variable gy) {
      return new Variable[] {gy.mul(input(1)).mul(1.1), gy.mul(input(0))};
    }
  }

  @Test
  void aWrongBackwardIsCaughtAndNamed() {
    Module broken =
        new Module() {
          private final Parameter scale =
              register("scale", new Parameter(Tensor.vector(0.5, 2.0, -1.0), "scale"));
          private final gradgraph.models.nn.Linear fc =
              register(
                  "fc",
                  new gradgraph.models.nn.Linear(
                      3,
                      3,
                      gradgraph.models.init.Init.he(),
                      new org.apache.commons.math3.random.Well19937c(1),
                      DType.FLOAT64));

          @Override
          protected Variable forward(Variable x) {
            return new WrongScale().apply(fc.apply(x), scale);
          }
        };
    Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0.5, 2}, 2, 3);
    GradCheckReport r = ModelGradCheck.check(broken, x, new int[] {0, 2}, false);
    assertTrue(!r.passed(), r.toString());
    assertTrue(r.entry("scale").passed(), r.toString()); // its gradient is right
    assertTrue(!r.entry("fc.weight").passed(), r.toString()); // upstream of the wrong backward
    assertEquals("scale", broken.namedParameters().get("scale").name()); // names restored
  }
}
