package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.ops.Ops;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class ModuleTest {
  /** A user-style model with a nested block. */
  static final class Net extends Module {
    final Linear fc1;
    final Sequential block;
    final Linear fc2;

    Net() {
      Well19937c rng = new Well19937c(1);
      fc1 = register("fc1", new Linear(4, 3, Init.he(), rng));
      block = register("block", new Sequential(new Linear(3, 3, Init.he(), rng), new ReLU()));
      block.add("norm", new BatchNorm(3));
      fc2 = register("fc2", new Linear(3, 2, Init.he(), rng));
    }

    @Override
    protected Variable forward(Variable x) {
      return fc2.apply(block.apply(Ops.relu(fc1.apply(x))));
    }
  }

  @Test
  void parametersHaveDottedNamesInOrder() {
    Net net = new Net();
    assertEquals(
        List.of(
            "fc1.weight",
            "fc1.bias",
            "block.0.weight",
            "block.0.bias",
            "block.norm.gamma",
            "block.norm.beta",
            "fc2.weight",
            "fc2.bias"),
        List.copyOf(net.namedParameters().keySet()));
    assertEquals(4 * 3 + 3 + 9 + 3 + 3 + 3 + 6 + 2, net.parameterCount());
    assertEquals(
        List.of(
            "fc1.weight",
            "fc1.bias",
            "block.0.weight",
            "block.0.bias",
            "block.norm.gamma",
            "block.norm.beta",
            "block.norm.runningMean",
            "block.norm.runningVar",
            "fc2.weight",
            "fc2.bias"),
        List.copyOf(net.stateDict().keySet()));
    assertTrue(net.toString().contains("(fc1): Linear(4 -> 3)"), net.toString());
  }

  @Test
  void forwardRecordsNameScopes() {
    Net net = new Net();
    Variable y = net.apply(Tensor.ones(DType.FLOAT32, 2, 4));
    assertArrayEquals(new int[] {2, 2}, y.shape());
    assertEquals("net/fc2", y.creator().scope());
  }

  @Test
  void stateDictRoundTripAndClearGrads() {
    Net a = new Net();
    Net b = new Net();
    Map<String, Tensor> sa = new LinkedHashMap<>(a.stateDict());
    sa.put("fc1.bias", Tensor.of(new float[] {1, 2, 3}, 3));
    b.loadStateDict(sa);
    assertArrayEquals(new float[] {1, 2, 3}, b.fc1.bias().value().toFloatArray());
    Variable loss = Ops.sum(b.apply(Tensor.ones(DType.FLOAT32, 2, 4)));
    loss.backward();
    assertTrue(b.fc1.weight().grad() != null);
    b.clearGrads();
    for (Parameter p : b.parameters()) {
      assertNull(p.grad());
    }
  }

  @Test
  void loadStateDictNamesWhatIsWrong() {
    Net a = new Net();
    Map<String, Tensor> s = new LinkedHashMap<>(a.stateDict());
    s.remove("fc2.bias");
    s.put("fc3.bias", Tensor.vector(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(s));
    assertTrue(e.getMessage().contains("missing [fc2.bias]"), e.getMessage());
    assertTrue(e.getMessage().contains("unexpected [fc3.bias]"), e.getMessage());
    Map<String, Tensor> s2 = new LinkedHashMap<>(a.stateDict());
    s2.put("fc1.bias", Tensor.vector(1, 2));
    e = assertThrows(IllegalArgumentException.class, () -> a.loadStateDict(s2));
    assertEquals(
        "loadStateDict: fc1.bias: shape [2] does not match the model's [3]", e.getMessage());
  }

  @Test
  void toDtypeConvertsParametersAndBuffers() {
    Net net = new Net();
    net.to(DType.FLOAT64);
    for (Tensor t : net.stateDict().values()) {
      assertEquals(DType.FLOAT64, t.dtype());
    }
  }

  @Test
  void modeIsAThreadLocalScope() {
    assertTrue(Mode.isTraining());
    try (Scope s = Mode.eval()) {
      assertFalse(Mode.isTraining());
      try (Scope t = Mode.train()) {
        assertTrue(Mode.isTraining());
      }
      assertFalse(Mode.isTraining());
    }
    assertTrue(Mode.isTraining());
    try (Scope s = new Net().eval()) {
      assertFalse(Mode.isTraining());
    }
    assertTrue(Mode.isTraining());
  }

  @Test
  void duplicateOrDottedNamesAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Sequential().add("a.b", new ReLU()));
    assertTrue(e.getMessage().contains("without dots"), e.getMessage());
    Sequential s = new Sequential().add("a", new ReLU());
    e = assertThrows(IllegalArgumentException.class, () -> s.add("a", new ReLU()));
    assertTrue(e.getMessage().contains("already registered"), e.getMessage());
  }
}
