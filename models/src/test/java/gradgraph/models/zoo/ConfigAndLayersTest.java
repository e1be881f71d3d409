package gradgraph.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Activation;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Sequential;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class ConfigAndLayersTest {
  @Test
  void deepConvNetLayersRunTheNetworkLayerByLayer() {
    DeepConvNet net = new DeepConvNet(new int[] {2, 2, 2, 2, 2, 2}, 4, 0.5, 3);
    Sequential layers = net.layers();
    assertSame(net.children().get("layers"), layers);
    List<Module> list = layers.layers();
    assertEquals(
        6 + 6 + 3 + 1 + 4 + 1, list.size(), "6 conv, 6 relu, 3 pool, flatten, fc/relu/drop");
    Tensor x = Tensor.rand(new Well19937c(2), DType.FLOAT32, 0, 1, 2, 1, 28, 28);
    try (Scope eval = Mode.eval()) {
      Variable h = Variable.constant(x);
      for (Module m : list) {
        h = m.apply(h);
      }
      assertArrayEquals(new int[] {2, 10}, h.value().shape());
      assertArrayEquals(
          net.apply(x).value().toDoubleArray(), h.value().toDoubleArray(), 0, "the same numbers");
    }
  }

  @Test
  void theBuilderMatchesThePositionalConstructor() {
    Mlp.Config positional =
        new Mlp.Config(
            784, new int[] {100, 50}, 10, Activation.SIGMOID, Init.xavier(), true, 0.2, 0.1, 42);
    Mlp.Config built =
        Mlp.Config.builder(784, 10)
            .hidden(100, 50)
            .activation(Activation.SIGMOID)
            .init(Init.xavier())
            .batchNorm(true)
            .dropout(0.2)
            .weightDecay(0.1)
            .seed(42)
            .build();
    assertEquals(positional, built);
    assertEquals(positional.toString(), built.toString());
    assertEquals(42, built.seed());
    assertEquals(0.2, built.dropout());
    assertEquals(built, built.toBuilder().build());
    assertEquals(0.5, built.toBuilder().dropout(0.5).build().dropout());
    assertEquals(
        Mlp.Config.of(4, 3, 9, 8, 8), Mlp.Config.builder(4, 3).hidden(8, 8).seed(9).build());
    assertEquals(
        new Mlp(Mlp.Config.of(4, 3, 9, 8)).parameterCount(),
        new Mlp(Mlp.Config.builder(4, 3).hidden(8).seed(9).build()).parameterCount());
  }

  @Test
  void theBuilderChecksTheSettings() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Mlp.Config.builder(4, 3).hidden(8, 0).build());
    assertTrue(e.getMessage().startsWith("Mlp: hidden: "), e.getMessage());
    IllegalArgumentException d =
        assertThrows(
            IllegalArgumentException.class, () -> Mlp.Config.builder(4, 3).dropout(1).build());
    assertTrue(d.getMessage().startsWith("Mlp: dropout: "), d.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Mlp.Config.builder(0, 3).build());
  }
}
