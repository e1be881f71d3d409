package gradgraph.ops.recurrent;

import gradgraph.core.Variable;
import gradgraph.core.device.Kernels;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;
import gradgraph.ops.math.Linear;
import java.util.Arrays;

/** What the sequence ops share: time steps of {@code [T, N, W]} values, zeros, checks. */
final class Steps {
  private Steps() {}

  /** Step {@code s} of a {@code [T, N, W]} tensor, as {@code [N, W]}. */
  static Tensor step(Kernels k, Tensor x, int s) {
    int n = x.dim(1);
    int w = x.dim(2);
    return k.slice(x, new int[] {s, 0, 0}, new int[] {s + 1, n, w}).reshape(n, w);
  }

  /** Step {@code s} of a {@code [T, N, W]} variable, as {@code [N, W]} (recorded). */
  static Variable step(Variable x, int s) {
    int n = x.shape()[1];
    int w = x.shape()[2];
    return Ops.slice(x, new int[] {s, 0, 0}, new int[] {s + 1, n, w}).reshape(n, w);
  }

  /** The step tensors stacked along axis 0 (the one tensor itself when there is one). */
  static Tensor stack(Kernels k, Tensor[] parts) {
    return parts.length == 1 ? parts[0] : k.concat(parts, 0);
  }

  /**
   * A recurrent weight's gradient {@code Σ_t h_{t−1}ᵀ · d_t} as one product of the stacked states
   * and step gradients: without an initial state step 0 has no recurrent term, and with one step
   * only the gradient is zero (as PyTorch's).
   *
   * @param k the kernels
   * @param d every step's gradient of the recurrent share, stacked: {@code [T·N, G·H]}
   * @param h0 the initial state, or null for none
   * @param hidden the hidden state after each step
   * @param wh the weight
   * @return the gradient, {@code wh}'s shape
   */
  static Tensor recurrentWeightGrad(Kernels k, Tensor d, Tensor h0, Tensor[] hidden, Tensor wh) {
    int t = hidden.length;
    int first = h0 == null ? 1 : 0;
    if (first >= t) {
      return k.full(wh.dtype(), wh.shape(), 0);
    }
    Tensor[] hs = new Tensor[t - first];
    for (int s = first; s < t; s++) {
      hs[s - first] = s == 0 ? h0 : hidden[s - 1];
    }
    int n = hidden[0].dim(0);
    Tensor ds =
        first == 0 ? d : k.slice(d, new int[] {n, 0}, new int[] {t * n, d.dim(1)}); // steps 1..T-1
    return stack(k, hs).matmul(ds, true, false);
  }

  /** Gate {@code k} of a {@code [N, G·H]} variable. */
  static Variable gate(Variable z, int k, int n, int hid) {
    return Ops.slice(z, new int[] {0, k * hid}, new int[] {n, (k + 1) * hid});
  }

  /** {@code 1 − x}. */
  static Variable oneMinus(Variable x) {
    return x.neg().add(1);
  }

  /** A constant of zeros in {@code like}'s dtype and device. */
  static Variable zeros(Variable like, int... shape) {
    return Variable.constant(Tensor.zeros(like.dtype(), shape).to(like.value().device()));
  }

  /** Checks an optional {@code [N, H]} state. */
  static void checkState(String op, String name, Variable s, int n, int hid) {
    if (s != null && (s.rank() != 2 || s.shape()[0] != n || s.shape()[1] != hid)) {
      throw Errors.illegalArgument(
          op,
          name,
          "expected [N, H] = ["
              + n
              + ", "
              + hid
              + "] (batch, hidden), got "
              + Errors.shape(s.shape()));
    }
  }

  /** A recurrent op's inputs share one dtype (null ones are absent); the message names both. */
  static void checkDtypes(String op, String[] names, Variable... vs) {
    Errors.check(vs[0] != null, op, names[0], "must not be null");
    for (int i = 1; i < vs.length; i++) {
      if (vs[i] != null && vs[i].dtype() != vs[0].dtype()) {
        throw Errors.illegalArgument(
            op,
            names[i],
            "dtype "
                + vs[i].dtype()
                + " differs from "
                + names[0]
                + "'s "
                + vs[0].dtype()
                + "; give every input one dtype (Variable.to, Module.to)");
      }
    }
  }

  /**
   * Checks a recurrent op's input and weights and returns the input's share {@code x·Wx + b} of
   * every step, time major {@code [T, N, G·H]}.
   */
  static Variable inputShare(
      String op, int gates, Variable x, Variable wx, Variable wh, Variable b) {
    Errors.check(x != null, op, "x", "must not be null");
    Errors.check(wx != null, op, "wx", "must not be null");
    int[] xs = x.shape();
    int[] ws = wx.shape();
    String g = gates == 1 ? "H" : gates + "H";
    if (ws.length != 2 || ws[1] % gates != 0 || ws[1] == 0) {
      throw Errors.illegalArgument(
          op, "wx", "must be [D, " + g + "] with H > 0, got " + Errors.shape(ws));
    }
    if (xs.length != 3 || xs[2] != ws[0] || xs[1] == 0) {
      throw Errors.illegalArgument(
          op,
          "x",
          "expected [N, T, D] = [N, T, "
              + ws[0]
              + "] with T > 0 for wx "
              + Errors.shape(ws)
              + ", got "
              + Errors.shape(xs));
    }
    int width = ws[1];
    if (wh == null || wh.rank() != 2 || wh.shape()[1] != width || wh.shape()[0] * gates != width) {
      throw Errors.illegalArgument(
          op,
          "wh",
          "expected [H, "
              + g
              + "] = ["
              + width / gates
              + ", "
              + width
              + "] for wx "
              + Errors.shape(ws)
              + ", got "
              + (wh == null ? "null" : Errors.shape(wh.shape())));
    }
    if (b != null && !Arrays.equals(b.shape(), new int[] {width})) {
      throw Errors.illegalArgument(
          op, "b", "expected [" + g + "] = [" + width + "], got " + Errors.shape(b.shape()));
    }
    int n = xs[0];
    int t = xs[1];
    Variable rows = Ops.permute(x, 1, 0, 2).reshape(t * n, ws[0]);
    Variable xw = b == null ? new Linear().apply(rows, wx) : new Linear().apply(rows, wx, b);
    return xw.reshape(t, n, width);
  }
}
