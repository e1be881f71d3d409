package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.optim.WeightDecay;
import gradgraph.ops.Ops;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Module#freeze()}, {@link Module#child(String)} and non-strict state loading. */
class FreezeAndLoadTest {
  private static final Tensor X =
      Tensor.of(new float[] {1, -2, 3, 0.5f, -1, 2, 0.25f, 4, 2, 1, -3, 0}, 3, 4);
  private static final int[] Y = {0, 1, 1};

  private static Variable loss(Module m) {
    return Ops.softmaxCrossEntropy(m.apply(X), Y);
  }

  /** The bit patterns of a parameter's elements, so that -0.0 and NaN compare exactly too. */
  private static int[] bits(Parameter p) {
    float[] f = p.value().toFloatArray();
    int[] b = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      b[i] = Float.floatToRawIntBits(f[i]);
    }
    return b;
  }

  @Test
  void freezeAndUnfreezeReachEverySubModuleAndReturnThis() {
    ModuleTest.Net net = new ModuleTest.Net();
    assertSame(net, net.freeze());
    for (Parameter p : net.parameters()) {
      assertFalse(p.requiresGrad(), "frozen");
    }
    assertSame(net, net.unfreeze());
    for (Parameter p : net.parameters()) {
      assertTrue(p.requiresGrad(), "unfrozen");
    }
    net.child("block").freeze();
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      assertEquals(!e.getKey().startsWith("block."), e.getValue().requiresGrad(), e.getKey());
    }
  }

  @Test
  void childFollowsDottedPathsAndNamesWhatExists() {
    ModuleTest.Net net = new ModuleTest.Net();
    assertSame(net.block, net.child("block"));
    assertSame(net.block.layers().get(2), net.child("block.norm"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> net.child("features"));
    assertEquals(
        "Module.child: path: 'features': Net has no sub-module 'features'; its sub-modules are"
            + " [fc1, block, fc2]",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> net.child("block.bn"));
    assertEquals(
        "Module.child: path: 'block.bn': 'block' has no sub-module 'bn'; its sub-modules are"
            + " [0, 1, norm]",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> net.child(""));
    assertThrows(IllegalArgumentException.class, () -> net.child("fc1.weight"));
  }

  @Test
  void everyOptimizerLeavesFrozenParametersBitwiseUnchangedEvenWithWeightDecay() {
    for (String name : List.of("sgd", "momentum", "adam", "nesterov", "adagrad", "rmsprop")) {
      for (WeightDecay decay :
          List.of(WeightDecay.NONE, WeightDecay.l2(0.1), WeightDecay.l1(0.1))) {
        String what = name + " " + decay;
        ModuleTest.Net net = new ModuleTest.Net();
        Optimizer opt = Optimizer.create(name, net, 0.05).weightDecay(decay);
        // gradients exist for every parameter, then fc1 is frozen: the step must skip it anyway
        loss(net).backward();
        net.child("fc1").freeze();
        int[] weight = bits(net.fc1.weight());
        int[] bias = bits(net.fc1.bias());
        int[] live = bits(net.fc2.weight());
        opt.step();
        for (int i = 0; i < 4; i++) {
          opt.clearGrads();
          loss(net).backward();
          opt.step();
        }
        assertArrayEquals(weight, bits(net.fc1.weight()), what);
        assertArrayEquals(bias, bits(net.fc1.bias()), what);
        assertFalse(Arrays.equals(live, bits(net.fc2.weight())), what + ": fc2 trains");
        for (String key : opt.state().keySet()) {
          assertFalse(key.startsWith("fc1."), what + ": no state for a frozen parameter: " + key);
        }
        // after the first frozen step, backward computes no gradient for it
        assertEquals(null, net.fc1.weight().grad(), what);
        assertNotNull(net.fc2.weight().grad(), what);
      }
    }
  }

  @Test
  void batchNormRunningStatisticsOfAFrozenModuleUpdateInTrainingModeOnly() {
    ModuleTest.Net net = new ModuleTest.Net();
    BatchNorm bn = (BatchNorm) net.child("block.norm");
    bn.freeze();
    Optimizer opt = Optimizer.create("sgd", net, 0.1);
    Map<String, Tensor> before = bn.stateDict();
    loss(net).backward();
    opt.step();
    Map<String, Tensor> after = bn.stateDict();
    assertArrayEquals(before.get("gamma").toFloatArray(), after.get("gamma").toFloatArray(), 0f);
    assertArrayEquals(before.get("beta").toFloatArray(), after.get("beta").toFloatArray(), 0f);
    // as in PyTorch: freezing stops the optimizer, not the running averages of a training forward
    assertFalse(
        Arrays.equals(
            before.get("runningMean").toFloatArray(), after.get("runningMean").toFloatArray()),
        "running mean moved in training mode");
    assertFalse(
        Arrays.equals(
            before.get("runningVar").toFloatArray(), after.get("runningVar").toFloatArray()),
        "running variance moved in training mode");
    try (Scope s = net.eval()) {
      net.apply(X);
    }
    Map<String, Tensor> evaluated = bn.stateDict();
    assertArrayEquals(
        after.get("runningMean").toFloatArray(), evaluated.get("runningMean").toFloatArray(), 0f);
    assertArrayEquals(
        after.get("runningVar").toFloatArray(), evaluated.get("runningVar").toFloatArray(), 0f);
  }

  @Test
  void nonStrictLoadingLoadsWhatMatchesAndReportsTheRest() {
    ModuleTest.Net source = new ModuleTest.Net();
    source.fc1.weight().setValue(source.fc1.weight().value().mul(3)); // differs from a fresh Net
    Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
    state.remove("fc2.weight");
    state.remove("fc2.bias");
    state.put("head.weight", Tensor.zeros(DType.FLOAT32, 2, 3));
    source.fc1.bias().setValue(Tensor.of(new float[] {0.5f, -1.5f, 2}, 3));
    state.put("fc1.bias", Tensor.of(new double[] {0.5, -1.5, 2}, 3)); // converted on the way in
    ModuleTest.Net target = new ModuleTest.Net();
    target.fc2.weight().setValue(target.fc2.weight().value().add(1));
    int[] fc2 = bits(target.fc2.weight());
    Map<String, Tensor> given = new LinkedHashMap<>(state);

    Module.LoadReport r = target.loadStateDict(state, false);

    assertEquals(given.keySet(), state.keySet(), "the state is not modified");
    assertEquals(List.of("fc2.bias", "fc2.weight"), r.missing());
    assertEquals(List.of("head.weight"), r.unexpected());
    assertEquals(
        List.of(
            "fc1.weight",
            "fc1.bias",
            "block.0.weight",
            "block.0.bias",
            "block.norm.gamma",
            "block.norm.beta",
            "block.norm.runningMean",
            "block.norm.runningVar"),
        r.loaded());
    assertArrayEquals(bits(source.fc1.weight()), bits(target.fc1.weight()));
    assertEquals(DType.FLOAT32, target.fc1.bias().value().dtype());
    assertArrayEquals(bits(source.fc1.bias()), bits(target.fc1.bias()));
    assertArrayEquals(fc2, bits(target.fc2.weight()), "a missing key keeps the model's value");

    Module.LoadReport all = new ModuleTest.Net().loadStateDict(source.stateDict(), true);
    assertEquals(List.copyOf(source.stateDict().keySet()), all.loaded());
    assertTrue(all.missing().isEmpty() && all.unexpected().isEmpty(), all.toString());
  }

  @Test
  void nonStrictLoadingStillRefusesAShapeMismatchAndChangesNothing() {
    ModuleTest.Net target = new ModuleTest.Net();
    Map<String, Tensor> before = target.stateDict();
    Map<String, Tensor> state = new LinkedHashMap<>(new ModuleTest.Net().stateDict());
    state.put("fc1.weight", state.get("fc1.weight").mul(2));
    state.put("fc2.weight", Tensor.zeros(DType.FLOAT32, 3, 5)); // a head for 5 classes
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, false));
    assertEquals(
        "loadStateDict: fc2.weight: shape [3, 5] does not match the model's [3, 2]",
        e.getMessage());
    for (Map.Entry<String, Tensor> x : target.stateDict().entrySet()) {
      assertArrayEquals(
          before.get(x.getKey()).toFloatArray(), x.getValue().toFloatArray(), 0f, x.getKey());
    }
    // strict keeps its message for missing and unexpected keys
    state.remove("fc2.weight");
    e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, true));
    assertTrue(e.getMessage().contains("missing [fc2.weight], unexpected []"), e.getMessage());
  }
}
