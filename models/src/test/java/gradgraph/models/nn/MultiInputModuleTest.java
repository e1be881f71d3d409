package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** {@link Module#apply(Variable...)}: modules that take several inputs, and those that do not. */
class MultiInputModuleTest {
  /** {@code fc(a) · b + c}: three inputs, one sub-module. */
  static final class Gate extends Module {
    final Linear fc = register("fc", new Linear(3, 2, Init.he(), new Well19937c(5)));

    @Override
    protected Variable forward(Variable x) {
      throw new IllegalArgumentException("Gate: inputs: takes 3 inputs, got 1");
    }

    @Override
    protected Variable forward(Variable... xs) {
      if (xs.length != 3) {
        throw new IllegalArgumentException("Gate: inputs: takes 3 inputs, got " + xs.length);
      }
      return fc.apply(xs[0]).mul(xs[1]).add(xs[2]);
    }
  }

  private static Variable v(double[] d, int... shape) {
    return new Variable(Tensor.of(d, shape));
  }

  @Test
  void severalInputsReachTheOverriddenForwardInsideTheModulesScope() {
    Gate g = new Gate();
    Variable a = v(new double[] {1, 2, 3, -1, 0, 1}, 2, 3);
    Variable b = v(new double[] {2, -1}, 2);
    Variable c = v(new double[] {0.5, 0.25}, 2);
    Variable y = g.apply(a, b, c);
    Variable expected = Ops.linear(a, g.fc.weight(), g.fc.bias()).mul(b).add(c);
    assertArrayEquals(expected.value().toDoubleArray(), y.value().toDoubleArray(), 1e-12);
    assertEquals("gate", y.creator().scope());
    // gradients reach every input and the sub-module's parameters
    Ops.sum(y).backward();
    assertArrayEquals(new double[] {2, 2}, c.grad().value().toDoubleArray(), 1e-12);
    assertTrue(g.fc.weight().grad() != null);
    assertArrayEquals(
        Ops.sum(Ops.linear(a, g.fc.weight(), g.fc.bias()), false, 0).value().toDoubleArray(),
        b.grad().value().toDoubleArray(),
        1e-12);
  }

  @Test
  void aSingleInputModuleAcceptsOneInputThroughTheVarargsPath() {
    Linear fc = new Linear(3, 2, Init.he(), new Well19937c(6));
    Variable x = v(new double[] {1, 2, 3}, 1, 3);
    Variable[] one = {x};
    assertArrayEquals(
        fc.apply(x).value().toDoubleArray(), fc.apply(one).value().toDoubleArray(), 0);
  }

  @Test
  void aSingleInputModuleNamesItselfAndTheCountWhenGivenSeveral() {
    Linear fc = new Linear(3, 2, Init.he(), new Well19937c(7));
    Variable x = v(new double[] {1, 2, 3}, 1, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fc.apply(x, x));
    assertTrue(e.getMessage().startsWith("Linear: inputs: takes 1 input, got 2"), e.getMessage());
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> fc.apply(new Variable[0]));
    assertTrue(none.getMessage().contains("takes 1 input, got 0"), none.getMessage());
    IllegalArgumentException nul =
        assertThrows(IllegalArgumentException.class, () -> new Gate().apply(x, null, x));
    assertEquals("Gate: inputs: input 1 is null", nul.getMessage());
  }
}
