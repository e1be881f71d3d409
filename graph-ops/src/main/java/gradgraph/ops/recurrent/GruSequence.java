package gradgraph.ops.recurrent;

import gradgraph.core.Grad;
import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.Kernels;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GRU layer's whole time loop as one op, with PyTorch's equations (gates in its order r, z, n):
 *
 * <pre>
 * u_t = h_{t−1} · Wh + bh                   [N, 3H]
 * r = σ(xw_r + u_r)   z = σ(xw_z + u_z)   n = tanh(xw_n + r ⊙ u_n)
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * </pre>
 *
 * <ul>
 *   <li>inputs: {@code xw [T, N, 3H]}, the input's share {@code x_t · Wx + b} of every step; {@code
 *       Wh [H, 3H]}; {@code bh [3H]}; optionally {@code h0 [N, H]} (apply with three inputs for a
 *       zero initial state)
 *   <li>output: the hidden states {@code [T, N, H]}
 * </ul>
 *
 * <p>As {@link LstmSequence}: a first-order backward is backpropagation through time on tensors,
 * one fused pointwise kernel ({@link Kernels#gruCellBackward}) and one {@code du_t · Whᵀ} product
 * per step, then {@code Wh}'s gradient as one product over all steps and {@code bh}'s as one sum; a
 * recorded backward ({@code CREATE_GRAPH}) writes the same equations with differentiable ops.
 */
public final class GruSequence extends Op {
  private static final String OP = "gru";
  private Tensor[] gates;
  private Tensor[] shares;
  private Tensor[] hidden;

  /**
   * The parts of the op's output.
   *
   * @param output the hidden state of every step, {@code [T, N, H]} from {@link #run} (time major)
   *     or {@code [N, T, H]} from {@link Ops#gru} (batch first)
   * @param h the last hidden state {@code h_T} {@code [N, H]}
   */
  public record Result(Variable output, Variable h) {}

  /** Creates the op; {@link #apply} runs and records it ({@link #run} checks). */
  public GruSequence() {}

  /**
   * A one-layer GRU over a batch-first sequence, as {@link Ops#gru}: the input's share {@code x ·
   * Wx + b} of every step as one product, then the op.
   *
   * @param x the input {@code [N, T, D]}, {@code T > 0}
   * @param wx the input weight {@code [D, 3H]}
   * @param wh the recurrent weight {@code [H, 3H]}
   * @param b the input bias {@code [3H]}, or null for none
   * @param bh the recurrent bias {@code [3H]}, or null for zeros
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [N, T, H]} and the last one
   */
  public static Result batchFirst(
      Variable x, Variable wx, Variable wh, Variable b, Variable bh, Variable h0) {
    Steps.checkDtypes(OP, new String[] {"x", "wx", "wh", "b", "bh", "h0"}, x, wx, wh, b, bh, h0);
    Variable xw = Steps.inputShare(OP, 3, x, wx, wh, b);
    Variable rb = bh != null ? bh : Steps.zeros(wh, wx.shape()[1]);
    Result r = run(xw, wh, rb, h0);
    return new Result(Ops.permute(r.output(), 1, 0, 2), r.h());
  }

  /**
   * Checks the inputs and runs the op.
   *
   * @param xw the input's share of every step {@code [T, N, 3H]}, {@code T > 0}
   * @param wh the recurrent weight {@code [H, 3H]}
   * @param bh the recurrent bias {@code [3H]}
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [T, N, H]} and the last one
   */
  public static Result run(Variable xw, Variable wh, Variable bh, Variable h0) {
    Errors.check(xw != null, OP, "xw", "must not be null");
    Errors.check(wh != null, OP, "wh", "must not be null");
    Errors.check(bh != null, OP, "bh", "must not be null");
    int[] ws = wh.shape();
    if (ws.length != 2 || ws[1] != 3 * ws[0] || ws[0] == 0) {
      throw Errors.illegalArgument(OP, "wh", "must be [H, 3H] with H > 0, got " + Errors.shape(ws));
    }
    int hid = ws[0];
    if (!Arrays.equals(bh.shape(), new int[] {3 * hid})) {
      throw Errors.illegalArgument(
          OP, "bh", "expected [3H] = [" + 3 * hid + "], got " + Errors.shape(bh.shape()));
    }
    int[] xs = xw.shape();
    if (xs.length != 3 || xs[0] == 0 || xs[2] != 3 * hid) {
      throw Errors.illegalArgument(
          OP,
          "xw",
          "must be [T, N, 3H] = [T, N, "
              + 3 * hid
              + "] with T > 0 for wh "
              + Errors.shape(ws)
              + ", got "
              + Errors.shape(xs));
    }
    int t = xs[0];
    int n = xs[1];
    Steps.checkState(OP, "h0", h0, n, hid);
    Steps.checkDtypes(OP, new String[] {"xw", "wh", "bh", "h0"}, xw, wh, bh, h0);
    Variable y =
        h0 == null ? new GruSequence().apply(xw, wh, bh) : new GruSequence().apply(xw, wh, bh, h0);
    Variable h = Ops.slice(y, new int[] {t - 1, 0, 0}, new int[] {t, n, hid}).reshape(n, hid);
    return new Result(y, h);
  }

  @Override
  protected Tensor forward(Tensor... x) {
    Tensor xw = x[0];
    Tensor wh = x[1];
    Tensor bh = x[2];
    Tensor h = x.length > 3 ? x[3] : null;
    int t = xw.dim(0);
    int n = xw.dim(1);
    int g3 = xw.dim(2);
    Kernels k = xw.device().kernels();
    gates = new Tensor[t];
    shares = new Tensor[t];
    hidden = new Tensor[t];
    for (int s = 0; s < t; s++) {
      // the recurrent share starts from its bias; with h = 0 it is the bias alone
      Tensor u = h == null ? bh.broadcastTo(n, g3) : h.matmulAdd(wh, false, false, bh);
      Tensor[] r = k.gruCell(Steps.step(k, xw, s), u, h);
      gates[s] = r[0];
      shares[s] = u;
      h = r[1];
      hidden[s] = h;
    }
    return k.concat(hidden, 0).reshape(t, n, g3 / 3);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    if (Grad.isEnabled()) {
      return recordedBackward(gy);
    }
    Tensor g = gy.value();
    Tensor wh = input(1).value();
    boolean hasState = inputs().size() > 3;
    Tensor h0 = hasState ? input(3).value() : null;
    int t = gates.length;
    Kernels k = g.device().kernels();
    Tensor dhNext = null;
    Tensor[] da = new Tensor[t];
    Tensor[] du = new Tensor[t];
    boolean needH0 = hasState && needsGrad(3);
    for (int s = t - 1; s >= 0; s--) {
      Tensor dh = Steps.step(k, g, s);
      if (dhNext != null) {
        dh = dh.add(dhNext);
      }
      Tensor hPrev = s == 0 ? h0 : hidden[s - 1];
      Tensor[] r = k.gruCellBackward(gates[s], shares[s], hPrev, dh);
      da[s] = r[0];
      du[s] = r[1];
      dhNext = hPrev != null && (s > 0 || needH0) ? r[2].add(r[1].matmul(wh, false, true)) : null;
    }
    Variable[] out = new Variable[inputs().size()];
    if (needsGrad(0)) {
      out[0] = Variable.constant(Steps.stack(k, da).reshape(input(0).shape()));
    }
    Tensor duAll = needsGrad(1) || needsGrad(2) ? Steps.stack(k, du) : null;
    if (needsGrad(1)) {
      out[1] = Variable.constant(Steps.recurrentWeightGrad(k, duAll, h0, hidden, wh));
    }
    if (needsGrad(2)) {
      out[2] = Variable.constant(duAll.sum(false, 0));
    }
    if (needH0) {
      out[3] = Variable.constant(dhNext);
    }
    return out;
  }

  /** The same backpropagation through time, written with differentiable ops on the inputs. */
  private Variable[] recordedBackward(Variable gy) {
    Variable xw = input(0);
    Variable wh = input(1);
    Variable bh = input(2);
    boolean hasState = inputs().size() > 3;
    int t = xw.shape()[0];
    int n = xw.shape()[1];
    int hid = wh.shape()[0];
    // the forward again, recorded, so that the gradient's graph reaches every input
    List<Variable[]> saved = new ArrayList<>(t); // {r, z, n, u_n, h_{t-1}}
    Variable h = hasState ? input(3) : null;
    for (int s = 0; s < t; s++) {
      Variable a = Steps.step(xw, s);
      Variable u =
          h == null
              ? Ops.broadcastTo(bh, n, 3 * hid)
              : new MatMul(false, false).apply(h, wh).add(bh);
      Variable r = Ops.sigmoid(Steps.gate(a, 0, n, hid).add(Steps.gate(u, 0, n, hid)));
      Variable z = Ops.sigmoid(Steps.gate(a, 1, n, hid).add(Steps.gate(u, 1, n, hid)));
      Variable un = Steps.gate(u, 2, n, hid);
      Variable c = Ops.tanh(Steps.gate(a, 2, n, hid).add(r.mul(un)));
      saved.add(new Variable[] {r, z, c, un, h});
      h = h == null ? Steps.oneMinus(z).mul(c) : c.add(z.mul(h.sub(c)));
    }
    Variable dhNext = null;
    Variable gwh = null;
    Variable gbh = null;
    Variable[] da = new Variable[t];
    for (int s = t - 1; s >= 0; s--) {
      Variable[] v = saved.get(s);
      Variable r = v[0];
      Variable z = v[1];
      Variable c = v[2];
      Variable un = v[3];
      Variable hPrev = v[4];
      Variable dh = Steps.step(gy, s);
      if (dhNext != null) {
        dh = dh.add(dhNext);
      }
      Variable dn = dh.mul(Steps.oneMinus(z)).mul(Steps.oneMinus(c.square()));
      Variable hmn = hPrev == null ? c.neg() : hPrev.sub(c);
      Variable dz = dh.mul(hmn).mul(z.mul(Steps.oneMinus(z)));
      Variable dr = dn.mul(un).mul(r.mul(Steps.oneMinus(r)));
      da[s] = Ops.concat(List.of(dr, dz, dn), 1);
      Variable du = Ops.concat(List.of(dr, dz, dn.mul(r)), 1);
      Variable db = Ops.sum(du, false, 0);
      gbh = gbh == null ? db : gbh.add(db);
      if (hPrev != null) {
        Variable term = new MatMul(true, false).apply(hPrev, du);
        gwh = gwh == null ? term : gwh.add(term);
        dhNext = dh.mul(z).add(new MatMul(false, true).apply(du, wh));
      }
    }
    Variable[] out = new Variable[inputs().size()];
    out[0] = Ops.stack(Arrays.asList(da), 0);
    // one step from zero state: Wh takes no part, its gradient is zero (as PyTorch's)
    out[1] = gwh != null ? gwh : Steps.zeros(wh, hid, 3 * hid);
    out[2] = gbh;
    if (hasState) {
      out[3] = dhNext;
    }
    return out;
  }

  @Override
  protected void onRelease() {
    gates = null;
    shares = null;
    hidden = null;
  }

  @Override
  public String name() {
    return OP;
  }

  @Override
  public String symbol() {
    return "GRU";
  }
}
