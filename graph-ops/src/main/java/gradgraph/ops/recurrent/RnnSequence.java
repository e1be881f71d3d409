package gradgraph.ops.recurrent;

import gradgraph.core.Grad;
import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;
import java.util.Arrays;

/**
 * One Elman RNN layer's whole time loop as one op (the sequel's {@code TimeRNN}, PyTorch's {@code
 * nn.RNN} with tanh): {@code h_t = tanh(xw_t + h_{t−1} · Wh)}.
 *
 * <ul>
 *   <li>inputs: {@code xw [T, N, H]}, the input's share {@code x_t · Wx + b} of every step; {@code
 *       Wh [H, H]}; optionally {@code h0 [N, H]} (apply with two inputs for a zero initial state)
 *   <li>output: the hidden states {@code [T, N, H]}
 * </ul>
 *
 * <p>As {@link LstmSequence}: a first-order backward is backpropagation through time on tensors,
 * {@code dz_t = dh_t ⊙ (1 − h_t²)} and one {@code dz_t · Whᵀ} product per step, then {@code Wh}'s
 * gradient as one product over all steps; a recorded backward ({@code CREATE_GRAPH}) writes the
 * same equations with differentiable ops.
 */
public final class RnnSequence extends Op {
  private static final String OP = "rnn";
  private Tensor[] hidden;

  /**
   * The parts of the op's output.
   *
   * @param output the hidden state of every step, {@code [T, N, H]} from {@link #run} (time major)
   *     or {@code [N, T, H]} from {@link Ops#rnn} (batch first)
   * @param h the last hidden state {@code h_T} {@code [N, H]}
   */
  public record Result(Variable output, Variable h) {}

  /** Creates the op; {@link #apply} runs and records it ({@link #run} checks). */
  public RnnSequence() {}

  /**
   * A one-layer tanh RNN over a batch-first sequence, as {@link Ops#rnn}: the input's share {@code
   * x · Wx + b} of every step as one product, then the op.
   *
   * @param x the input {@code [N, T, D]}, {@code T > 0}
   * @param wx the input weight {@code [D, H]}
   * @param wh the recurrent weight {@code [H, H]}
   * @param b the bias {@code [H]}, or null for none
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [N, T, H]} and the last one
   */
  public static Result batchFirst(Variable x, Variable wx, Variable wh, Variable b, Variable h0) {
    Steps.checkDtypes(OP, new String[] {"x", "wx", "wh", "b", "h0"}, x, wx, wh, b, h0);
    Result r = run(Steps.inputShare(OP, 1, x, wx, wh, b), wh, h0);
    return new Result(Ops.permute(r.output(), 1, 0, 2), r.h());
  }

  /**
   * Checks the inputs and runs the op.
   *
   * @param xw the input's share of every step {@code [T, N, H]}, {@code T > 0}
   * @param wh the recurrent weight {@code [H, H]}
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [T, N, H]} and the last one
   */
  public static Result run(Variable xw, Variable wh, Variable h0) {
    Errors.check(xw != null, OP, "xw", "must not be null");
    Errors.check(wh != null, OP, "wh", "must not be null");
    int[] ws = wh.shape();
    if (ws.length != 2 || ws[1] != ws[0] || ws[0] == 0) {
      throw Errors.illegalArgument(OP, "wh", "must be [H, H] with H > 0, got " + Errors.shape(ws));
    }
    int hid = ws[0];
    int[] xs = xw.shape();
    if (xs.length != 3 || xs[0] == 0 || xs[2] != hid) {
      throw Errors.illegalArgument(
          OP,
          "xw",
          "must be [T, N, H] = [T, N, "
              + hid
              + "] with T > 0 for wh "
              + Errors.shape(ws)
              + ", got "
              + Errors.shape(xs));
    }
    int t = xs[0];
    int n = xs[1];
    Steps.checkState(OP, "h0", h0, n, hid);
    Steps.checkDtypes(OP, new String[] {"xw", "wh", "h0"}, xw, wh, h0);
    Variable y = h0 == null ? new RnnSequence().apply(xw, wh) : new RnnSequence().apply(xw, wh, h0);
    Variable h = Ops.slice(y, new int[] {t - 1, 0, 0}, new int[] {t, n, hid}).reshape(n, hid);
    return new Result(y, h);
  }

  @Override
  protected Tensor forward(Tensor... x) {
    Tensor xw = x[0];
    Tensor wh = x[1];
    Tensor h = x.length > 2 ? x[2] : null;
    int t = xw.dim(0);
    Kernels k = xw.device().kernels();
    hidden = new Tensor[t];
    for (int s = 0; s < t; s++) {
      Tensor xs = Steps.step(k, xw, s);
      // the recurrence starts from the step's input share: one pass over z
      h = (h == null ? xs : h.matmulAdd(wh, false, false, xs)).map(UnaryOp.TANH);
      hidden[s] = h;
    }
    return k.concat(hidden, 0).reshape(xw.shape());
  }

  @Override
  protected Variable[] backward(Variable gy) {
    if (Grad.isEnabled()) {
      return recordedBackward(gy);
    }
    Tensor g = gy.value();
    Tensor wh = input(1).value();
    boolean hasState = inputs().size() > 2;
    int t = hidden.length;
    Kernels k = g.device().kernels();
    Tensor dhNext = null;
    Tensor[] dz = new Tensor[t];
    boolean needH0 = hasState && needsGrad(2);
    for (int s = t - 1; s >= 0; s--) {
      Tensor dh = Steps.step(k, g, s);
      if (dhNext != null) {
        dh = dh.add(dhNext);
      }
      Tensor h = hidden[s];
      dz[s] = dh.mul(h.mul(h).mul(-1.0).add(1.0));
      dhNext = s > 0 || needH0 ? dz[s].matmul(wh, false, true) : null;
    }
    Variable[] out = new Variable[inputs().size()];
    Tensor dzAll = needsGrad(0) || needsGrad(1) ? Steps.stack(k, dz) : null;
    if (needsGrad(0)) {
      out[0] = Variable.constant(dzAll.reshape(input(0).shape()));
    }
    if (needsGrad(1)) {
      Tensor h0 = hasState ? input(2).value() : null;
      out[1] = Variable.constant(Steps.recurrentWeightGrad(k, dzAll, h0, hidden, wh));
    }
    if (needH0) {
      out[2] = Variable.constant(dhNext);
    }
    return out;
  }

  /** The same backpropagation through time, written with differentiable ops on the inputs. */
  private Variable[] recordedBackward(Variable gy) {
    Variable xw = input(0);
    Variable wh = input(1);
    boolean hasState = inputs().size() > 2;
    int t = xw.shape()[0];
    int hid = wh.shape()[0];
    // the forward again, recorded, so that the gradient's graph reaches every input
    Variable[] hs = new Variable[t + 1];
    hs[0] = hasState ? input(2) : null;
    for (int s = 0; s < t; s++) {
      Variable z = Steps.step(xw, s);
      if (hs[s] != null) {
        z = new MatMul(false, false).apply(hs[s], wh).add(z);
      }
      hs[s + 1] = Ops.tanh(z);
    }
    Variable dhNext = null;
    Variable gwh = null;
    Variable[] dz = new Variable[t];
    for (int s = t - 1; s >= 0; s--) {
      Variable dh = Steps.step(gy, s);
      if (dhNext != null) {
        dh = dh.add(dhNext);
      }
      dz[s] = dh.mul(Steps.oneMinus(hs[s + 1].square()));
      if (hs[s] != null) {
        Variable term = new MatMul(true, false).apply(hs[s], dz[s]);
        gwh = gwh == null ? term : gwh.add(term);
        dhNext = new MatMul(false, true).apply(dz[s], wh);
      }
    }
    Variable[] out = new Variable[inputs().size()];
    out[0] = Ops.stack(Arrays.asList(dz), 0);
    // one step from zero state: Wh takes no part, its gradient is zero (as PyTorch's)
    out[1] = gwh != null ? gwh : Steps.zeros(wh, hid, hid);
    if (hasState) {
      out[2] = dhNext;
    }
    return out;
  }

  @Override
  protected void onRelease() {
    hidden = null;
  }

  @Override
  public String name() {
    return OP;
  }

  @Override
  public String symbol() {
    return "RNN";
  }
}
