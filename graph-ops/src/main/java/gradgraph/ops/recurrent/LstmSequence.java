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
 * One LSTM layer's whole time loop as one op (cuDNN's and PyTorch's fused LSTM), gates in PyTorch's
 * order i, f, g, o:
 *
 * <pre>
 * z_t = xw_t + h_{t−1} · Wh                 [N, 4H]
 * i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 * c_t = f ⊙ c_{t−1} + i ⊙ g                 h_t = o ⊙ tanh(c_t)
 * </pre>
 *
 * <ul>
 *   <li>inputs: {@code xw [T, N, 4H]}, the input's share {@code x_t · Wx + b} of every step,
 *       computed beforehand by one product for all steps; {@code Wh [H, 4H]}; optionally {@code h0}
 *       and {@code c0} {@code [N, H]} (apply with two inputs for zero initial state)
 *   <li>output: {@code [T + 1, N, H]}: rows {@code 0..T−1} are {@code h_1..h_T}, row {@code T} is
 *       the last cell state {@code c_T}; {@link #run} splits it into a {@link Result}
 * </ul>
 *
 * <p>Forward keeps every step's activated gates and cell state. A first-order backward is
 * backpropagation through time on tensors: one fused pointwise kernel per step ({@link
 * Kernels#lstmCellBackward}), one product {@code dz_t · Whᵀ} per step for the recurrence, and the
 * recurrent weight's gradient as a single product {@code Σ_t h_{t−1}ᵀ · dz_t} over all steps at the
 * end. When the backward is itself recorded ({@code CREATE_GRAPH}), the same equations are written
 * with differentiable ops on the inputs, so second derivatives work.
 */
public final class LstmSequence extends Op {
  private static final String OP = "lstm";
  private Tensor[] gates;
  private Tensor[] cells;
  private Tensor[] hidden;

  /**
   * The parts of the op's output.
   *
   * @param output the hidden state of every step, {@code [T, N, H]} from {@link #run} (time major)
   *     or {@code [N, T, H]} from {@link Ops#lstm} (batch first)
   * @param h the last hidden state {@code h_T} {@code [N, H]}
   * @param c the last cell state {@code c_T} {@code [N, H]}
   */
  public record Result(Variable output, Variable h, Variable c) {}

  /** Creates the op; {@link #apply} runs and records it ({@link #run} checks and splits). */
  public LstmSequence() {}

  /**
   * A one-layer LSTM over a batch-first sequence, as {@link Ops#lstm}: the input's share {@code x ·
   * Wx + b} of every step as one product, then the op.
   *
   * @param x the input {@code [N, T, D]}, {@code T > 0}
   * @param wx the input weight {@code [D, 4H]}
   * @param wh the recurrent weight {@code [H, 4H]}
   * @param b the bias {@code [4H]}, or null for none
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @param c0 the initial cell state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [N, T, H]} and the last state
   */
  public static Result batchFirst(
      Variable x, Variable wx, Variable wh, Variable b, Variable h0, Variable c0) {
    Steps.checkDtypes(OP, new String[] {"x", "wx", "wh", "b", "h0", "c0"}, x, wx, wh, b, h0, c0);
    Result r = run(Steps.inputShare(OP, 4, x, wx, wh, b), wh, h0, c0);
    return new Result(Ops.permute(r.output(), 1, 0, 2), r.h(), r.c());
  }

  /**
   * Checks the inputs, runs the op and splits its output.
   *
   * @param xw the input's share of every step {@code [T, N, 4H]}, {@code T > 0}
   * @param wh the recurrent weight {@code [H, 4H]}
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @param c0 the initial cell state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [T, N, H]} and the last state
   */
  public static Result run(Variable xw, Variable wh, Variable h0, Variable c0) {
    Errors.check(xw != null, OP, "xw", "must not be null");
    Errors.check(wh != null, OP, "wh", "must not be null");
    int[] ws = wh.shape();
    if (ws.length != 2 || ws[1] != 4 * ws[0] || ws[0] == 0) {
      throw Errors.illegalArgument(OP, "wh", "must be [H, 4H] with H > 0, got " + Errors.shape(ws));
    }
    int hid = ws[0];
    int[] xs = xw.shape();
    if (xs.length != 3 || xs[0] == 0 || xs[2] != 4 * hid) {
      throw Errors.illegalArgument(
          OP,
          "xw",
          "must be [T, N, 4H] = [T, N, "
              + 4 * hid
              + "] with T > 0 for wh "
              + Errors.shape(ws)
              + ", got "
              + Errors.shape(xs));
    }
    int t = xs[0];
    int n = xs[1];
    Steps.checkState(OP, "h0", h0, n, hid);
    Steps.checkState(OP, "c0", c0, n, hid);
    Steps.checkDtypes(OP, new String[] {"xw", "wh", "h0", "c0"}, xw, wh, h0, c0);
    Variable y;
    if (h0 == null && c0 == null) {
      y = new LstmSequence().apply(xw, wh);
    } else {
      y =
          new LstmSequence()
              .apply(
                  xw,
                  wh,
                  h0 != null ? h0 : Steps.zeros(xw, n, hid),
                  c0 != null ? c0 : Steps.zeros(xw, n, hid));
    }
    Variable out = Ops.slice(y, new int[] {0, 0, 0}, new int[] {t, n, hid});
    Variable h = Ops.slice(y, new int[] {t - 1, 0, 0}, new int[] {t, n, hid}).reshape(n, hid);
    Variable c = Ops.slice(y, new int[] {t, 0, 0}, new int[] {t + 1, n, hid}).reshape(n, hid);
    return new Result(out, h, c);
  }

  @Override
  protected Tensor forward(Tensor... x) {
    Tensor xw = x[0];
    Tensor wh = x[1];
    Tensor h = x.length > 2 ? x[2] : null;
    Tensor c = x.length > 3 ? x[3] : null;
    int t = xw.dim(0);
    int n = xw.dim(1);
    int g4 = xw.dim(2);
    Kernels k = xw.device().kernels();
    gates = new Tensor[t];
    cells = new Tensor[t];
    hidden = new Tensor[t];
    Tensor[] rows = new Tensor[t + 1];
    for (int s = 0; s < t; s++) {
      Tensor xs = Steps.step(k, xw, s);
      // the recurrence starts from the step's input share: one pass over z
      Tensor z = h == null ? xs : h.matmulAdd(wh, false, false, xs);
      Tensor[] r = k.lstmCell(z, c);
      gates[s] = r[0];
      c = r[1];
      h = r[2];
      cells[s] = c;
      hidden[s] = h;
      rows[s] = h;
    }
    rows[t] = c;
    return k.concat(rows, 0).reshape(t + 1, n, g4 / 4);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    if (Grad.isEnabled()) {
      return recordedBackward(gy);
    }
    Tensor g = gy.value();
    Tensor wh = input(1).value();
    boolean hasState = inputs().size() > 2;
    Tensor c0 = hasState ? input(3).value() : null;
    int t = gates.length;
    Kernels k = g.device().kernels();
    Tensor dcNext = Steps.step(k, g, t);
    Tensor dhNext = null;
    Tensor[] dz = new Tensor[t];
    boolean needH0 = hasState && needsGrad(2);
    for (int s = t - 1; s >= 0; s--) {
      Tensor dh = Steps.step(k, g, s);
      if (dhNext != null) {
        dh = dh.add(dhNext);
      }
      Tensor[] r = k.lstmCellBackward(gates[s], s == 0 ? c0 : cells[s - 1], cells[s], dh, dcNext);
      dz[s] = r[0];
      dcNext = r[1];
      dhNext = s > 0 || needH0 ? r[0].matmul(wh, false, true) : null;
    }
    Tensor dzAll = needsGrad(0) || needsGrad(1) ? Steps.stack(k, dz) : null;
    Tensor gxw = needsGrad(0) ? dzAll.reshape(input(0).shape()) : null;
    Tensor gwh =
        needsGrad(1)
            ? Steps.recurrentWeightGrad(k, dzAll, hasState ? input(2).value() : null, hidden, wh)
            : null;
    Variable[] out = new Variable[inputs().size()];
    out[0] = gxw == null ? null : Variable.constant(gxw);
    out[1] = gwh == null ? null : Variable.constant(gwh);
    if (hasState) {
      out[2] = needH0 ? Variable.constant(dhNext) : null;
      out[3] = needsGrad(3) ? Variable.constant(dcNext) : null;
    }
    return out;
  }

  /** The same backpropagation through time, written with differentiable ops on the inputs. */
  private Variable[] recordedBackward(Variable gy) {
    Variable xw = input(0);
    Variable wh = input(1);
    boolean hasState = inputs().size() > 2;
    int t = xw.shape()[0];
    int n = xw.shape()[1];
    int hid = wh.shape()[0];
    // the forward again, recorded, so that the gradient's graph reaches every input
    List<Variable[]> saved = new ArrayList<>(t); // {i, f, g, o, tanh(c_t), c_{t-1}, h_{t-1}}
    Variable h = hasState ? input(2) : null;
    Variable c = hasState ? input(3) : null;
    for (int s = 0; s < t; s++) {
      Variable z = Steps.step(xw, s);
      if (h != null) {
        z = new MatMul(false, false).apply(h, wh).add(z);
      }
      Variable i = Ops.sigmoid(Steps.gate(z, 0, n, hid));
      Variable f = Ops.sigmoid(Steps.gate(z, 1, n, hid));
      Variable gg = Ops.tanh(Steps.gate(z, 2, n, hid));
      Variable o = Ops.sigmoid(Steps.gate(z, 3, n, hid));
      Variable c2 = c == null ? i.mul(gg) : f.mul(c).add(i.mul(gg));
      Variable tc = Ops.tanh(c2);
      saved.add(new Variable[] {i, f, gg, o, tc, c, h});
      c = c2;
      h = o.mul(tc);
    }
    Variable dcNext = Steps.step(gy, t);
    Variable dhNext = null;
    Variable gwh = null;
    Variable[] dz = new Variable[t];
    for (int s = t - 1; s >= 0; s--) {
      Variable[] v = saved.get(s);
      Variable i = v[0];
      Variable f = v[1];
      Variable gg = v[2];
      Variable o = v[3];
      Variable tc = v[4];
      Variable cPrev = v[5];
      Variable hPrev = v[6];
      Variable dh = Steps.step(gy, s);
      if (dhNext != null) {
        dh = dh.add(dhNext);
      }
      Variable dct = dh.mul(o).mul(Steps.oneMinus(tc.square())).add(dcNext);
      Variable dzf =
          cPrev == null ? Steps.zeros(xw, n, hid) : dct.mul(cPrev).mul(f.mul(Steps.oneMinus(f)));
      dz[s] =
          Ops.concat(
              List.of(
                  dct.mul(gg).mul(i.mul(Steps.oneMinus(i))),
                  dzf,
                  dct.mul(i).mul(Steps.oneMinus(gg.square())),
                  dh.mul(tc).mul(o.mul(Steps.oneMinus(o)))),
              1);
      dcNext = dct.mul(f);
      if (hPrev != null) {
        Variable term = new MatMul(true, false).apply(hPrev, dz[s]);
        gwh = gwh == null ? term : gwh.add(term);
        dhNext = new MatMul(false, true).apply(dz[s], wh);
      }
    }
    Variable[] out = new Variable[inputs().size()];
    out[0] = Ops.stack(Arrays.asList(dz), 0);
    // one step from zero state: Wh takes no part, its gradient is zero (as PyTorch's)
    out[1] = gwh != null ? gwh : Steps.zeros(wh, hid, 4 * hid);
    if (hasState) {
      out[2] = dhNext;
      out[3] = dcNext;
    }
    return out;
  }

  @Override
  protected void onRelease() {
    gates = null;
    cells = null;
    hidden = null;
  }

  @Override
  public String name() {
    return OP;
  }

  @Override
  public String symbol() {
    return "LSTM";
  }
}
