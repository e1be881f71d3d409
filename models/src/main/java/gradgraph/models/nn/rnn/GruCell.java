package gradgraph.models.nn.rnn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Parameter;
import gradgraph.ops.Ops;
import gradgraph.ops.recurrent.GruSequence;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The gated recurrent unit (Cho et al. 2014) with PyTorch's {@code GRUCell} equations:
 *
 * <pre>
 * a = x · Wx + b      u = h · Wh + bh        [N, 3H], gates in PyTorch's order r, z, n
 * r = σ(a_r + u_r)    z = σ(a_z + u_z)
 * n = tanh(a_n + r ⊙ u_n)
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * <p>The reset gate multiplies the recurrent product after its bias, so the cell has two biases:
 * {@code b} (PyTorch's {@code bias_ih}) and {@code bh} ({@code bias_hh}). The sequel's GRU puts
 * {@code r} before the product ({@code (r ⊙ h) · Wh}); the two are equally trainable.
 *
 * <ul>
 *   <li>input {@code x} {@code [N, D]}, state {@code h} {@code [N, H]} (null for zeros)
 *   <li>parameters {@code Wx} {@code [D, 3H]}, {@code Wh} {@code [H, 3H]}, {@code b} and {@code bh}
 *       {@code [3H]}
 *   <li>output {@code h'} {@code [N, H]}
 * </ul>
 */
public final class GruCell extends RecurrentCell {
  private final Parameter bh;

  /**
   * Creates a FLOAT32 cell.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param rng the seeded generator of the weights (advanced)
   */
  public GruCell(int inputSize, int hiddenSize, RandomGenerator rng) {
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
  public GruCell(int inputSize, int hiddenSize, RandomGenerator rng, DType dtype) {
    super("GruCell", inputSize, hiddenSize, 3, rng, dtype);
    double k = 1 / Math.sqrt(hiddenSize);
    this.bh =
        register("bh", new Parameter(Tensor.rand(rng, dtype, -k, k, 3 * hiddenSize), "bh", false));
  }

  /**
   * Creates a FLOAT32 cell seeded with {@code seed}.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param seed the seed of the weights
   */
  public GruCell(int inputSize, int hiddenSize, long seed) {
    this(inputSize, hiddenSize, new Well19937c(seed));
  }

  /**
   * Returns the recurrent bias {@code bh} {@code [3H]}.
   *
   * @return the parameter
   */
  public Parameter bh() {
    return bh;
  }

  /**
   * Runs one step.
   *
   * @param x the input {@code [N, D]}
   * @param h the previous hidden state {@code [N, H]}, or null for zeros
   * @return {@code h'} {@code [N, H]}
   */
  public Variable step(Variable x, Variable h) {
    return stepState(x, h == null ? null : RecurrentState.of(h)).h(0);
  }

  @Override
  public boolean hasCell() {
    return false;
  }

  @Override
  Variable[] stepProjected(Variable xw, Variable h, Variable c) {
    // with h = 0 the recurrent product is the bias alone
    Variable u = h == null ? bh : Ops.linear(h, wh(), bh);
    if (h == null) {
      u = Ops.broadcastTo(u, xw.shape()[0], u.shape()[0]);
    }
    Variable r = Ops.sigmoid(gate(xw, 0).add(gate(u, 0)));
    Variable z = Ops.sigmoid(gate(xw, 1).add(gate(u, 1)));
    Variable n = Ops.tanh(gate(xw, 2).add(r.mul(gate(u, 2))));
    // (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
    Variable h2 = h == null ? z.neg().add(1.0).mul(n) : n.add(z.mul(h.sub(n)));
    return new Variable[] {h2};
  }

  @Override
  Variable[] sequence(Variable xw, Variable h, Variable c) {
    GruSequence.Result r = GruSequence.run(xw, wh(), bh, h);
    return new Variable[] {r.output(), r.h()};
  }
}
