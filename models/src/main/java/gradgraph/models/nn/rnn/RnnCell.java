package gradgraph.models.nn.rnn;

import gradgraph.core.Variable;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.DType;
import gradgraph.ops.Ops;
import gradgraph.ops.recurrent.RnnSequence;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The sequel's {@code RNN} cell (Elman): {@code h' = tanh(x · Wx + h · Wh + b)}.
 *
 * <ul>
 *   <li>input {@code x} {@code [N, D]}, state {@code h} {@code [N, H]} (null for zeros)
 *   <li>parameters {@code Wx} {@code [D, H]}, {@code Wh} {@code [H, H]}, {@code b} {@code [H]}
 *   <li>output {@code h'} {@code [N, H]}
 * </ul>
 */
public final class RnnCell extends RecurrentCell {
  /**
   * Creates a FLOAT32 cell.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param rng the seeded generator of the weights (advanced)
   */
  public RnnCell(int inputSize, int hiddenSize, RandomGenerator rng) {
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
  public RnnCell(int inputSize, int hiddenSize, RandomGenerator rng, DType dtype) {
    super("RnnCell", inputSize, hiddenSize, 1, rng, dtype);
  }

  /**
   * Creates a FLOAT32 cell seeded with {@code seed}.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param seed the seed of the weights
   */
  public RnnCell(int inputSize, int hiddenSize, long seed) {
    this(inputSize, hiddenSize, new Well19937c(seed));
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
    Variable z = h == null ? xw : new MatMul(false, false).apply(h, wh(), xw);
    return new Variable[] {Ops.tanh(z)};
  }

  @Override
  Variable[] sequence(Variable xw, Variable h, Variable c) {
    RnnSequence.Result r = RnnSequence.run(xw, wh(), h);
    return new Variable[] {r.output(), r.h()};
  }
}
