package gradgraph.cuda.parity;

import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.cuda.parity.ParityCase.Stat;
import gradgraph.ops.OpTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * graph-ops' op table ({@link OpTable}, from its test-jar) as parity cases: every row in FLOAT32
 * and FLOAT64, its forward value and the first-order gradient of every differentiable input
 * compared between the CPU and the device (a row without a differentiable input, such as {@code
 * step}, compares its forward value only).
 *
 * <p>Rows whose reference replays the CPU's random draws ({@link
 * OpTable.Case#usesCpuRandomDraws()}, training-mode dropout) compare statistics instead of
 * elements, since another device may draw its mask another way: the fraction of kept elements
 * (within a binomial tolerance), the scale of kept elements, that every kept element is {@code x ·
 * scale} and every other one 0, and that the gradient is the same mask times the scale.
 */
public final class OpTableParityCases implements ParityCaseProvider {
  /** Creates the provider (ServiceLoader). */
  public OpTableParityCases() {}

  @Override
  public List<ParityCase> cases() {
    List<ParityCase> out = new ArrayList<>();
    for (OpTable.Case row : OpTable.cases()) {
      for (DType dt : DType.values()) {
        out.add(of(row, dt));
      }
    }
    return out;
  }

  /**
   * Turns one op-table row into a parity case in one dtype.
   *
   * @param row the row
   * @param dt the dtype of its inputs
   * @return the case, with CPU inputs
   */
  static ParityCase of(OpTable.Case row, DType dt) {
    String name = "op table: " + row + " " + dt.name().toLowerCase(Locale.ROOT);
    Variable[] built = row.build(dt, Device.CPU);
    Tensor[] inputs = new Tensor[built.length];
    boolean[] differentiable = new boolean[built.length];
    for (int i = 0; i < built.length; i++) {
      inputs[i] = built[i].value();
      differentiable[i] = row.inputs().get(i).differentiable();
    }
    if (row.usesCpuRandomDraws()) {
      return ParityCase.statistics(name, v -> maskStatistics(row, v), differentiable, inputs);
    }
    return ParityCase.graph(name, row::call, differentiable, inputs);
  }

  /**
   * Statistics of a random-mask op {@code y = mask · x · scale} on whatever device {@code v} lives:
   * its output and the gradient of {@code sum(y)}.
   *
   * @param row a row with one differentiable input
   * @param v that input
   * @return the statistics
   */
  static List<Stat> maskStatistics(OpTable.Case row, Variable[] v) {
    if (v.length != 1 || !v[0].requiresGrad()) {
      throw new IllegalStateException(
          row
              + ": a random row must have exactly one differentiable input to compare its"
              + " statistics; it has "
              + v.length
              + " inputs: extend OpTableParityCases.maskStatistics");
    }
    Device dev = v[0].value().device();
    Variable y = row.call(v);
    y.sum().backward();
    double[] x = v[0].value().toDoubleArray();
    double[] out = y.value().toDoubleArray();
    double[] g = v[0].grad().value().toDoubleArray();
    int n = x.length;
    int kept = 0;
    double scaleSum = 0;
    for (int i = 0; i < n; i++) {
      if (out[i] != 0) {
        kept++;
        scaleSum += out[i] / x[i];
      }
    }
    double scale = kept == 0 ? 1 : scaleSum / kept;
    double spread = 0;
    double gradError = 0;
    for (int i = 0; i < n; i++) {
      if (out[i] != 0) {
        spread = Math.max(spread, Math.abs(out[i] / x[i] - scale) / scale);
      }
      gradError = Math.max(gradError, Math.abs(g[i] - (out[i] != 0 ? scale : 0)) / scale);
    }
    double f = n == 0 ? 0 : (double) kept / n;
    // Two independent binomial fractions differ by more than 5 standard deviations (plus one
    // element) essentially never.
    double fractionTol = n == 0 ? 0 : 5 * Math.sqrt(2 * f * (1 - f) / n) + 1.0 / n;
    double rel = y.dtype() == DType.FLOAT32 ? 1e-5 : 1e-9;
    return List.of(
        new Stat("elements", n, 0),
        new Stat("FLOAT64 output (1 = yes)", y.dtype() == DType.FLOAT64 ? 1 : 0, 0),
        new Stat(
            "output and gradient on the input's device (1 = yes)",
            y.value().device().equals(dev) && v[0].grad().value().device().equals(dev) ? 1 : 0,
            0),
        new Stat("kept fraction", f, fractionTol),
        new Stat("scale of kept elements", scale, rel * scale),
        new Stat("largest relative deviation of a kept element from x·scale", spread, rel),
        new Stat("largest relative deviation of the gradient from mask·scale", gradError, rel));
  }
}
