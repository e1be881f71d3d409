package gradgraph.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradgraph.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backward walk keeps gradients in flight in slots on the variables (instead of hash maps):
 * fan-out sums, every slot is empty afterwards (nothing retained), and a walk that fails midway
 * leaves no stale gradient for the next one.
 */
class BackpropSlotsTest {
  @Test
  void fanOutGradientsSumAndEverySlotIsClearedAfterTheWalk() {
    Variable x = Variable.scalar(3, "x");
    Variable a = x.mul(x); // x used twice by one op
    Variable b = a.add(x).mul(a); // a used twice, x three times in all
    b.backward(BackwardOption.RETAIN_GRAPH);
    // b = (x² + x) · x², db/dx = (2x + 1)·x² + (x² + x)·2x = 63 + 72 = 135
    assertEquals(135, x.grad().item(), 1e-12);
    for (Variable v : List.of(x, a, b)) {
      assertFalse(v.hasPending());
    }
    // a second walk over the retained graph accumulates into the leaf
    b.backward();
    assertEquals(270, x.grad().item(), 1e-12);
    assertNull(a.grad(), "intermediate gradients are not kept unless retained");
  }

  @Test
  void aWalkThatFailsLeavesNoStaleGradientBehind() {
    Variable x = Variable.scalar(2, "x");
    Variable m = x.mul(x);
    Variable y = new Failing().apply(m);
    assertThrows(IllegalStateException.class, y::backward);
    assertFalse(y.hasPending());
    assertFalse(m.hasPending());
    assertFalse(x.hasPending());
    Variable z = x.mul(x);
    z.backward();
    assertEquals(4, x.grad().item(), 1e-12);
  }

  @Test
  void gradOfSeveralTargetsDoesNotTouchTheirGradFields() {
    Variable x = Variable.scalar(2, "x");
    Variable y = Variable.scalar(5, "y");
    Variable z = x.mul(y).add(x);
    List<Variable> g = Backprop.grad(z, List.of(y, x));
    assertEquals(2, g.get(0).item(), 1e-12);
    assertEquals(6, g.get(1).item(), 1e-12);
    assertNull(x.grad());
    assertNull(y.grad());
  }

  /** An op whose backward returns the wrong number of gradients. */
  private static final class Failing extends Op {
    @Override
    protected Tensor forward(Tensor... x) {
      return x[0];
    }

    @Override
    protected Variable[] backward(Variable gy) {
      return new Variable[] {gy, gy};
    }
  }
}
