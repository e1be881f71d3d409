package gradgraph.cuda.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.cuda.parity.ParityCase.Stat;
import gradgraph.ops.OpTable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The runner itself, on the CPU: a "device" that computes something else is simulated by a function
 * that behaves differently on its second call (the runner runs the reference first).
 */
class ParityRunnerTest {
  /** Identity forward whose backward reverses the gradient: wrong, but right for a seed of ones. */
  private static final class ReversedGradient extends Op {
    @Override
    protected Tensor forward(Tensor... x) {
      return x[0];
    }

    @Override
    protected Variable[] backward(Variable gy) {
      double[] g = gy.value().toDoubleArray();
      double[] r = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        r[i] = g[g.length - 1 - i];
      }
      return new Variable[] {
        Variable.constant(Tensor.of(r, gy.shape()).to(gy.dtype()).to(gy.value().device()))
      };
    }
  }

  private static Tensor x() {
    return Tensor.of(new double[] {1, -2, 3, 0.5}, 4);
  }

  @Test
  void aWrongForwardIsReported() {
    AtomicInteger calls = new AtomicInteger();
    ParityCase c =
        ParityCase.graph(
            "scaled", v -> calls.getAndIncrement() == 0 ? v[0].mul(2.0) : v[0].mul(2.001), x());
    List<String> problems = ParityRunner.run(c, Device.CPU, Device.CPU);
    assertTrue(
        problems.get(0).startsWith("forward: element 0 is 2.001, want 2.0"), problems.get(0));
  }

  @Test
  void aGradientRoutedToTheWrongElementIsReportedThanksToTheWeightedSeed() {
    AtomicInteger calls = new AtomicInteger();
    ParityCase c =
        ParityCase.graph(
            "reversed",
            v -> calls.getAndIncrement() == 0 ? v[0].mul(1.0) : new ReversedGradient().apply(v[0]),
            x());
    List<String> problems = ParityRunner.run(c, Device.CPU, Device.CPU);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("grad of input 0: element 0 is "), problems.get(0));
  }

  @Test
  void constantInputsGetNoGradientAndAreNotCompared() {
    ParityCase c =
        ParityCase.graph(
            "mul by constant", v -> v[0].mul(v[1]), new boolean[] {true, false}, x(), x());
    assertEquals(List.of(), ParityRunner.run(c, Device.CPU, Device.CPU));
    assertThrows(
        IllegalArgumentException.class,
        () -> ParityCase.graph("bad", v -> v[0], new boolean[] {true, false}, x()));
  }

  @Test
  void statisticsAreComparedWithinTheirTolerance() {
    AtomicInteger calls = new AtomicInteger();
    ParityCase c =
        ParityCase.statistics(
            "stats",
            v -> {
              double shift = calls.getAndIncrement() == 0 ? 0 : 0.3;
              return List.of(new Stat("near", 1 + shift / 10, 0.05), new Stat("far", shift, 0.1));
            },
            new boolean[] {true},
            x());
    assertEquals(
        List.of("far: 0.3, want 0.0 within 0.1"), ParityRunner.run(c, Device.CPU, Device.CPU));
  }

  @Test
  void opTableRowsBecomeOneCasePerRowAndDtype() {
    List<ParityCase> cases = new OpTableParityCases().cases();
    assertEquals(2 * OpTable.cases().size(), cases.size());
    long random = OpTable.cases().stream().filter(OpTable.Case::usesCpuRandomDraws).count();
    assertTrue(random > 0);
    assertEquals(2 * random, cases.stream().filter(c -> c.stats() != null).count());
    ParityCase step =
        cases.stream()
            .filter(c -> c.name().startsWith("op table: step "))
            .findFirst()
            .orElseThrow();
    assertEquals(List.of(false), step.differentiable());
    ParityCase f32 =
        cases.stream().filter(c -> c.name().endsWith(" float32")).findFirst().orElseThrow();
    assertEquals(DType.FLOAT32, f32.inputs().get(0).dtype());
  }

  @Test
  void dropoutStatisticsDescribeTheMask() {
    OpTable.Case row =
        OpTable.cases().stream().filter(OpTable.Case::usesCpuRandomDraws).findFirst().orElseThrow();
    Variable[] v = row.build(DType.FLOAT64, Device.CPU);
    List<Stat> stats = OpTableParityCases.maskStatistics(row, v);
    assertEquals(91, stats.get(0).value());
    double kept = stats.get(3).value();
    assertTrue(kept > 0.2 && kept < 0.8, "kept fraction " + kept);
    assertEquals(2.0, stats.get(4).value(), 1e-12, "inverted dropout with p 0.5 scales by 2");
    assertEquals(1, stats.get(2).value(), "on the CPU, as its input");
    assertEquals(0, stats.get(5).value(), 1e-12);
    assertEquals(0, stats.get(6).value(), 1e-12);
  }
}
