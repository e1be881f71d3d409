package gradgraph.models.nn.rnn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One time step of a recurrent layer: {@code (x_t, state) -> state'}. The input's contribution to
 * every gate is one product {@code x · Wx + b} ({@link #project}), so that a sequence layer can
 * compute it for all time steps at once and run only {@code h · Wh} inside the loop, as cuDNN and
 * the sequel's {@code TimeLSTM} do.
 *
 * <ul>
 *   <li>input {@code x}: {@code [N, D]}; state {@code h} (and an LSTM's {@code c}) {@code [N, H]};
 *       a null state stands for zeros
 *   <li>parameters: {@code Wx} {@code [D, G·H]}, {@code Wh} {@code [H, G·H]}, {@code b} {@code
 *       [G·H]} ({@code G} gates: 1 for RNN, 4 for LSTM, 3 for GRU), all drawn uniformly from {@code
 *       [−1/√H, 1/√H)} as PyTorch does
 * </ul>
 *
 * <p>Subclasses live in this package only.
 */
public abstract class RecurrentCell extends Module {
  private final String kind;
  private final int inputSize;
  private final int hiddenSize;
  private final int gates;
  private final Parameter wx;
  private final Parameter wh;
  private final Parameter b;

  RecurrentCell(
      String kind, int inputSize, int hiddenSize, int gates, RandomGenerator rng, DType dtype) {
    Errors.check(inputSize > 0, kind, "inputSize", "must be > 0, got " + inputSize);
    Errors.check(hiddenSize > 0, kind, "hiddenSize", "must be > 0, got " + hiddenSize);
    Errors.check(rng != null, kind, "rng", "must not be null");
    Errors.check(dtype != null, kind, "dtype", "must not be null");
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.gates = gates;
    double k = 1 / Math.sqrt(hiddenSize);
    int g = gates * hiddenSize;
    this.wx = register("Wx", new Parameter(Tensor.rand(rng, dtype, -k, k, inputSize, g), "Wx"));
    this.wh = register("Wh", new Parameter(Tensor.rand(rng, dtype, -k, k, hiddenSize, g), "Wh"));
    this.b = register("b", new Parameter(Tensor.rand(rng, dtype, -k, k, g), "b", false));
  }

  /**
   * Returns the input size {@code D}.
   *
   * @return the size
   */
  public final int inputSize() {
    return inputSize;
  }

  /**
   * Returns the hidden size {@code H}.
   *
   * @return the size
   */
  public final int hiddenSize() {
    return hiddenSize;
  }

  /**
   * Returns the input weight {@code Wx} {@code [D, G·H]}.
   *
   * @return the parameter
   */
  public final Parameter wx() {
    return wx;
  }

  /**
   * Returns the recurrent weight {@code Wh} {@code [H, G·H]}.
   *
   * @return the parameter
   */
  public final Parameter wh() {
    return wh;
  }

  /**
   * Returns the bias {@code b} {@code [G·H]}.
   *
   * @return the parameter
   */
  public final Parameter b() {
    return b;
  }

  /**
   * Tells whether the state carries a cell state {@code c} (an LSTM).
   *
   * @return true for an LSTM cell
   */
  public abstract boolean hasCell();

  /**
   * Runs one step from explicit state.
   *
   * @param x the input {@code [N, D]}
   * @param state the previous state (one layer), or null for zeros
   * @return the new state (one layer)
   */
  public final RecurrentState stepState(Variable x, RecurrentState state) {
    checkInput(x);
    Variable h = state == null ? null : state.h(0);
    Variable c = state == null || !state.hasCell() ? null : state.c(0);
    checkState(state, x.shape()[0]);
    Variable[] out = stepProjected(project(x), h, c);
    return hasCell() ? RecurrentState.of(out[0], out[1]) : RecurrentState.of(out[0]);
  }

  /**
   * Runs one step from zero state and returns the new hidden state.
   *
   * @param x the input {@code [N, D]}
   * @return {@code h'} {@code [N, H]}
   */
  @Override
  protected final Variable forward(Variable x) {
    return stepState(x, null).h(0);
  }

  /** The input's share of every gate: {@code x · Wx + b}, {@code [M, D] -> [M, G·H]}. */
  final Variable project(Variable x) {
    return Ops.linear(x, wx, b);
  }

  /**
   * One step from the projected input: returns {@code {h'}} or {@code {h', c'}}; null {@code h} and
   * {@code c} stand for zeros.
   */
  abstract Variable[] stepProjected(Variable xw, Variable h, Variable c);

  /**
   * The whole time loop as the cell's fused sequence op: from the input's share of every step
   * {@code [T, N, G·H]} (time major) and the initial state (null for zeros), returns {@code
   * {outputs [T, N, H], h_T}} or, with a cell state, {@code {outputs, h_T, c_T}}.
   */
  abstract Variable[] sequence(Variable xw, Variable h, Variable c);

  /** The slice of gate {@code k} of a {@code [N, G·H]} pre-activation. */
  final Variable gate(Variable z, int k) {
    int n = z.shape()[0];
    return Ops.slice(z, new int[] {0, k * hiddenSize}, new int[] {n, (k + 1) * hiddenSize});
  }

  void checkInput(Variable x) {
    if (x == null || x.rank() != 2 || x.shape()[1] != inputSize) {
      throw Errors.illegalArgument(
          kind,
          "x",
          "expected [N, " + inputSize + "], got " + (x == null ? "null" : Errors.shape(x.shape())));
    }
  }

  void checkState(RecurrentState state, int n) {
    if (state == null) {
      return;
    }
    Errors.check(
        state.layers() == 1,
        kind,
        "state",
        "a cell takes one layer's state, got " + state.layers() + " layers");
    Errors.check(
        !state.hasCell() || hasCell(),
        kind,
        "state",
        "has a cell state c, which only an LSTM takes");
    checkStateShape(kind, "h", state.h(0), n, hiddenSize);
    if (hasCell() && state.hasCell()) {
      checkStateShape(kind, "c", state.c(0), n, hiddenSize);
    }
  }

  static void checkStateShape(String kind, String name, Variable v, int n, int hidden) {
    if (v.rank() != 2 || v.shape()[0] != n || v.shape()[1] != hidden) {
      throw Errors.illegalArgument(
          kind,
          name,
          "expected [" + n + ", " + hidden + "] (batch, hidden), got " + Errors.shape(v.shape()));
    }
  }

  @Override
  protected String describe() {
    return kind + "(" + inputSize + " -> " + hiddenSize + ")";
  }
}
