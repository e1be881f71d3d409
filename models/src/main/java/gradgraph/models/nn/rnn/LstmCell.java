package gradgraph.models.nn.rnn;

import gradgraph.core.Variable;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.DType;
import gradgraph.ops.Ops;
import gradgraph.ops.recurrent.LstmSequence;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The long short-term memory cell (Hochreiter and Schmidhuber 1997, with the forget gate of Gers et
 * al. 2000), as in the sequel's {@code LSTM} and PyTorch's {@code LSTMCell}:
 *
 * <pre>
 * z = x · Wx + h · Wh + b          [N, 4H], gates in PyTorch's order i, f, g, o
 * i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 * c' = f ⊙ c + i ⊙ g
 * h' = o ⊙ tanh(c')
 * </pre>
 *
 * <ul>
 *   <li>input {@code x} {@code [N, D]}, state {@code h}, {@code c} {@code [N, H]} (null for zeros)
 *   <li>parameters {@code Wx} {@code [D, 4H]}, {@code Wh} {@code [H, 4H]}, {@code b} {@code [4H]}
 *       (one bias: PyTorch's {@code bias_ih + bias_hh})
 *   <li>output {@code (h', c')}, each {@code [N, H]}
 * </ul>
 */
public final class LstmCell extends RecurrentCell {
  /**
   * Creates a FLOAT32 cell.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param rng the seeded generator of the weights (advanced)
   */
  public LstmCell(int inputSize, int hiddenSize, RandomGenerator rng) {
    this(inputSize, hiddenSize, rng, DType.FLOAT32);
  }

  /**
   * Creates a cell.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param rng the seeded generator of the weights (advanced)
   * @param dtype the parameters' element type
   */
  public LstmCell(int inputSize, int hiddenSize, RandomGenerator rng, DType dtype) {
    super("LstmCell", inputSize, hiddenSize, 4, rng, dtype);
  }

  /**
   * Creates a FLOAT32 cell seeded with {@code seed}.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param seed the seed of the weights
   */
  public LstmCell(int inputSize, int hiddenSize, long seed) {
    this(inputSize, hiddenSize, new Well19937c(seed));
  }

  /**
   * Runs one step.
   *
   * @param x the input {@code [N, D]}
   * @param h the previous hidden state {@code [N, H]}, or null for zeros
   * @param c the previous cell state {@code [N, H]}, or null for zeros
   * @return {@code (h', c')}
   */
  public RecurrentState step(Variable x, Variable h, Variable c) {
    if (h == null && c == null) {
      return stepState(x, null);
    }
    int n = x == null ? 0 : x.shape()[0];
    Variable h0 = h != null ? h : zeros(c, n);
    Variable c0 = c != null ? c : zeros(h, n);
    return stepState(x, RecurrentState.of(h0, c0));
  }

  private Variable zeros(Variable like, int n) {
    return Variable.constant(
        gradgraph.core.tensor.Tensor.zeros(like.dtype(), n, hiddenSize())
            .to(like.value().device()));
  }

  @Override
  public boolean hasCell() {
    return true;
  }

  @Override
  Variable[] stepProjected(Variable xw, Variable h, Variable c) {
    Variable z = h == null ? xw : new MatMul(false, false).apply(h, wh(), xw);
    Variable i = Ops.sigmoid(gate(z, 0));
    Variable f = Ops.sigmoid(gate(z, 1));
    Variable g = Ops.tanh(gate(z, 2));
    Variable o = Ops.sigmoid(gate(z, 3));
    Variable ig = i.mul(g);
    Variable c2 = c == null ? ig : f.mul(c).add(ig);
    Variable h2 = o.mul(Ops.tanh(c2));
    return new Variable[] {h2, c2};
  }

  @Override
  Variable[] sequence(Variable xw, Variable h, Variable c) {
    LstmSequence.Result r = LstmSequence.run(xw, wh(), h, c);
    return new Variable[] {r.output(), r.h(), r.c()};
  }
}
