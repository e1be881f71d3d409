package gradgraph.cuda.parity;

import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;

/** Runs parity cases on a reference device and a device under test and reports differences. */
public final class ParityRunner {
  /** FLOAT32 relative tolerance (accumulation order differs, GEMM blocking differs). */
  public static final double RTOL_F32 = 1e-4;

  /** FLOAT32 absolute tolerance. */
  public static final double ATOL_F32 = 1e-4;

  /** FLOAT64 relative tolerance. */
  public static final double RTOL_F64 = 1e-9;

  /** FLOAT64 absolute tolerance. */
  public static final double ATOL_F64 = 1e-11;

  private ParityRunner() {}

  /**
   * Gathers every case from every provider on the class path.
   *
   * @return the cases
   */
  public static List<ParityCase> allCases() {
    List<ParityCase> out = new ArrayList<>();
    for (ParityCaseProvider p : ServiceLoader.load(ParityCaseProvider.class)) {
      out.addAll(p.cases());
    }
    return out;
  }

  private static Tensor[] on(List<Tensor> xs, Device d) {
    Tensor[] out = new Tensor[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i).to(d);
    }
    return out;
  }

  /**
   * Runs one case on both devices and returns the differences found.
   *
   * @param c the case
   * @param reference the trusted device (the CPU)
   * @param target the device under test
   * @return problems, empty when the case passes
   */
  public static List<String> run(ParityCase c, Device reference, Device target) {
    List<String> problems = new ArrayList<>();
    if (c.compute() != null) {
      Tensor[] want = c.compute().apply(on(c.inputs(), reference));
      Tensor[] got = c.compute().apply(on(c.inputs(), target));
      for (int i = 0; i < want.length; i++) {
        compare("output " + i, want[i], got[i], target, problems);
      }
      return problems;
    }
    Variable[] vr = variables(c.inputs(), reference);
    Variable[] vt = variables(c.inputs(), target);
    Variable yr = c.graph().apply(vr);
    Variable yt = c.graph().apply(vt);
    compare("forward", yr.value(), yt.value(), target, problems);
    yr.backward();
    yt.backward();
    for (int i = 0; i < vr.length; i++) {
      Variable gr = vr[i].grad();
      Variable gt = vt[i].grad();
      if (gr == null || gt == null) {
        problems.add(
            "grad of input " + i + ": missing on " + (gr == null ? "the reference" : "the target"));
      } else {
        compare("grad of input " + i, gr.value(), gt.value(), target, problems);
      }
    }
    return problems;
  }

  private static Variable[] variables(List<Tensor> xs, Device d) {
    Variable[] v = new Variable[xs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = new Variable(xs.get(i).to(d));
    }
    return v;
  }

  private static void compare(
      String what, Tensor want, Tensor got, Device target, List<String> problems) {
    if (!Arrays.equals(want.shape(), got.shape())) {
      problems.add(
          what
              + ": shape "
              + Arrays.toString(got.shape())
              + ", want "
              + Arrays.toString(want.shape()));
      return;
    }
    if (want.dtype() != got.dtype()) {
      problems.add(what + ": dtype " + got.dtype() + ", want " + want.dtype());
      return;
    }
    if (!got.device().equals(target) && !got.device().equals(Device.CPU)) {
      problems.add(what + ": result on " + got.device() + ", want " + target);
    }
    boolean f32 = want.dtype() == DType.FLOAT32;
    double rtol = f32 ? RTOL_F32 : RTOL_F64;
    double atol = f32 ? ATOL_F32 : ATOL_F64;
    double[] w = want.toDoubleArray();
    double[] g = got.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      boolean same = Double.compare(w[i], g[i]) == 0 || (Double.isNaN(w[i]) && Double.isNaN(g[i]));
      if (!same && !(Math.abs(w[i] - g[i]) <= atol + rtol * Math.abs(w[i]))) {
        problems.add(
            what + ": element " + i + " is " + g[i] + ", want " + w[i] + " (" + want.dtype() + ")");
        return;
      }
    }
  }
}
