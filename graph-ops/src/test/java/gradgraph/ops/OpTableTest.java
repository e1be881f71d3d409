package gradgraph.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.check.GradCheck;
import gradgraph.core.check.GradCheckReport;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every row of {@link OpTable}: forward vs reference, gradient checks, error messages. */
class OpTableTest {
  private static final Device DEVICE = Device.CPU;

  static Stream<Arguments> forwardCases() {
    return OpTable.cases().stream()
        .flatMap(c -> Stream.of(Arguments.of(c, DType.FLOAT64), Arguments.of(c, DType.FLOAT32)));
  }

  static Stream<OpTable.Case> differentiableCases() {
    return OpTable.cases().stream().filter(OpTable.Case::hasDifferentiableInput);
  }

  static Stream<OpTable.Case> secondOrderCases() {
    return differentiableCases().filter(OpTable.Case::secondOrder);
  }

  static Stream<Arguments> errorCases() {
    return OpTable.cases().stream()
        .flatMap(c -> c.errors().stream().map(e -> Arguments.of(c.op(), e)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("forwardCases")
  void forwardMatchesReference(OpTable.Case c, DType dtype) {
    Variable[] in = c.build(dtype, DEVICE);
    Variable y = c.call(in);
    Nd expected = c.reference(in);
    assertArrayEquals(expected.shape(), y.shape(), c + ": shape");
    assertEquals(dtype, y.dtype(), c + ": dtype");
    double[] got = y.value().toDoubleArray();
    double rtol = dtype == DType.FLOAT64 ? 1e-9 : 1e-4;
    double atol = dtype == DType.FLOAT64 ? 1e-10 : 1e-5;
    for (int i = 0; i < got.length; i++) {
      double e = expected.data()[i];
      if (!(Math.abs(got[i] - e) <= atol + rtol * Math.abs(e))) {
        fail(c + " " + dtype + ": element " + i + " is " + got[i] + ", reference " + e);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentiableCases")
  void firstOrderGradients(OpTable.Case c) {
    Variable[] all = c.build(DType.FLOAT64, DEVICE);
    GradCheckReport r = GradCheck.defaults().check(c.ofDifferentiable(all), c.differentiable(all));
    assertTrue(r.passed(), c + "\n" + r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secondOrderCases")
  void secondOrderGradients(OpTable.Case c) {
    Variable[] all = c.build(DType.FLOAT64, DEVICE);
    GradCheckReport r =
        GradCheck.defaults().checkSecondOrder(c.ofDifferentiable(all), c.differentiable(all));
    assertTrue(r.passed(), c + "\n" + r);
    // squared, so the first backward's gradient depends on the input even for a piecewise-linear
    // op: this exercises the backward of every backward
    GradCheckReport sq =
        GradCheck.defaults()
            .checkSecondOrder(
                c.ofDifferentiable(all).andThen(Variable::square), c.differentiable(all));
    assertTrue(sq.passed(), c + " squared\n" + sq);
  }

  /** The table's second-order claim equals what every op in the row's graph declares. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("differentiableCases")
  void secondOrderClaimMatchesDeclaredOps(OpTable.Case c) {
    Variable y = c.call(c.build(DType.FLOAT64, DEVICE));
    boolean all = true;
    Deque<Variable> todo = new ArrayDeque<>();
    Set<Op> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    todo.push(y);
    while (!todo.isEmpty()) {
      Op op = todo.pop().creator();
      if (op != null && seen.add(op)) {
        all &= op.supportsHigherOrder();
        op.inputs().forEach(todo::push);
      }
    }
    assertEquals(c.secondOrder(), all, c + ": second-order claim vs the ops' declarations");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("errorCases")
  void badInputsAreRejectedWithAClearMessage(String op, OpTable.ErrorInput e) {
    for (DType dt : DType.values()) {
      IllegalArgumentException ex =
          assertThrows(
              IllegalArgumentException.class, () -> e.call().apply(new OpTable.Ctx(dt, DEVICE)));
      assertTrue(
          Pattern.compile(e.regex()).matcher(ex.getMessage()).find(),
          op + " " + e + ": message '" + ex.getMessage() + "' does not match /" + e.regex() + "/");
    }
  }

  @Test
  void everyPublicMethodOfOpsHasARow() {
    Set<String> facade = new TreeSet<>();
    for (Method m : Ops.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
        facade.add(m.getName());
      }
    }
    Set<String> table = new TreeSet<>(OpTable.opNames());
    Set<String> missing = new TreeSet<>(facade);
    missing.removeAll(table);
    assertTrue(missing.isEmpty(), "Ops methods without an op-table row: " + missing);
    Set<String> unknown = new TreeSet<>(table);
    unknown.removeAll(facade);
    assertTrue(unknown.isEmpty(), "op-table rows naming no Ops method: " + unknown);
  }

  @Test
  void tableCoversSpecialShapes() {
    List<OpTable.Case> cases = OpTable.cases();
    assertTrue(cases.stream().anyMatch(c -> hasInput(c, 0)), "a size-0 dimension");
    assertTrue(
        cases.stream().anyMatch(c -> c.inputs().stream().anyMatch(i -> i.shape().length == 0)),
        "a scalar");
    assertTrue(cases.stream().anyMatch(c -> hasInput(c, 13)), "an odd size");
    assertFalse(cases.isEmpty());
  }

  private static boolean hasInput(OpTable.Case c, int dim) {
    return c.inputs().stream()
        .anyMatch(i -> java.util.Arrays.stream(i.shape()).anyMatch(d -> d == dim));
  }
}
