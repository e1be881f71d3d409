package gradgraph.models.optim;

import gradgraph.core.device.CpuStorage;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * One-pass update loops for parameters in CPU memory: the same arithmetic as the optimizers' tensor
 * expressions, without a temporary array per operation. They return null when a tensor is not a
 * plain CPU array of the parameter's dtype and shape, and the caller then takes the general path.
 */
final class Fused {
  private Fused() {}

  /** Whether every tensor is a CPU array of {@code w}'s dtype and shape. */
  private static boolean plain(Tensor w, Tensor... others) {
    if (!(w.storage() instanceof CpuStorage)) {
      return false;
    }
    for (Tensor t : others) {
      if (!(t.storage() instanceof CpuStorage)
          || t.dtype() != w.dtype()
          || !Arrays.equals(t.shape(), w.shape())) {
        return false;
      }
    }
    return true;
  }

  private static Tensor wrap(float[] a, Tensor like) {
    return new Tensor(CpuStorage.of(a), like.shape());
  }

  private static Tensor wrap(double[] a, Tensor like) {
    return new Tensor(CpuStorage.of(a), like.shape());
  }

  private static float[] f(Tensor t) {
    return ((CpuStorage) t.storage()).floats();
  }

  private static double[] d(Tensor t) {
    return ((CpuStorage) t.storage()).doubles();
  }

  /** {@code w − lr·g}, or null. */
  static Tensor sgd(Tensor w, Tensor g, double lr) {
    if (!plain(w, g)) {
      return null;
    }
    if (w.dtype() == DType.FLOAT32) {
      float[] a = f(w);
      float[] b = f(g);
      float[] out = new float[a.length];
      float s = (float) lr;
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i] - b[i] * s;
      }
      return wrap(out, w);
    }
    double[] a = d(w);
    double[] b = d(g);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i] * lr;
    }
    return wrap(out, w);
  }

  /**
   * Adam: {@code m += (1−β1)(g − m)}, {@code v += (1−β2)(g² − v)}, {@code w −= lrT·m/(√v + ε)}.
   *
   * @return {@code {w, m, v}} updated, or null
   */
  static Tensor[] adam(
      Tensor w, Tensor g, Tensor m, Tensor v, double beta1, double beta2, double lrT, double eps) {
    if (!plain(w, g, m, v)) {
      return null;
    }
    if (w.dtype() == DType.FLOAT32) {
      float[] pw = f(w);
      float[] pg = f(g);
      float[] pm = f(m);
      float[] pv = f(v);
      int n = pw.length;
      float[] ow = new float[n];
      float[] om = new float[n];
      float[] ov = new float[n];
      float c1 = (float) (1 - beta1);
      float c2 = (float) (1 - beta2);
      float lr = (float) lrT;
      float e = (float) eps;
      for (int i = 0; i < n; i++) {
        float gi = pg[i];
        float mi = pm[i] + (gi - pm[i]) * c1;
        float vi = pv[i] + (gi * gi - pv[i]) * c2;
        om[i] = mi;
        ov[i] = vi;
        ow[i] = pw[i] - mi * lr / ((float) Math.sqrt(vi) + e);
      }
      return new Tensor[] {wrap(ow, w), wrap(om, w), wrap(ov, w)};
    }
    double[] pw = d(w);
    double[] pg = d(g);
    double[] pm = d(m);
    double[] pv = d(v);
    int n = pw.length;
    double[] ow = new double[n];
    double[] om = new double[n];
    double[] ov = new double[n];
    for (int i = 0; i < n; i++) {
      double gi = pg[i];
      double mi = pm[i] + (gi - pm[i]) * (1 - beta1);
      double vi = pv[i] + (gi * gi - pv[i]) * (1 - beta2);
      om[i] = mi;
      ov[i] = vi;
      ow[i] = pw[i] - mi * lrT / (Math.sqrt(vi) + eps);
    }
    return new Tensor[] {wrap(ow, w), wrap(om, w), wrap(ov, w)};
  }
}
