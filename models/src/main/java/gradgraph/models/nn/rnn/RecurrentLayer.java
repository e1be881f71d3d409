package gradgraph.models.nn.rnn;

import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.models.nn.Dropout;
import gradgraph.models.nn.Module;
import gradgraph.ops.Ops;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A stacked recurrent layer over a whole sequence, batch first: {@code [N, T, D] -> [N, T, H]}, the
 * sequel's {@code TimeRNN}/{@code TimeLSTM} and PyTorch's {@code nn.RNN}/{@code nn.LSTM}/{@code
 * nn.GRU} with {@code batch_first=True}.
 *
 * <ul>
 *   <li>input {@code x}: {@code [N, T, D]}
 *   <li>parameters: per layer {@code l}, the cell's under {@code layer<l>} ({@code layer0.Wx},
 *       {@code layer0.Wh}, {@code layer0.b}, ...); layer 0 reads {@code D} features, the others
 *       {@code H}
 *   <li>output: the top layer's hidden states {@code [N, T, H]}; {@link #apply(Variable,
 *       RecurrentState)} also returns every layer's last state
 * </ul>
 *
 * <p>With {@link #stateful(boolean) stateful} on, the last state of a call is kept and the next
 * call starts from it, cut from the graph (the sequel's {@code stateful=True}): consecutive chunks
 * of one long sequence are then trained with truncated backpropagation through time. {@link
 * #resetState()} forgets it (a new epoch, a new text). Off (the default), every call starts from
 * zeros unless a state is passed in.
 *
 * <p>Between layers, dropout with probability {@code dropout} applies in training mode, as
 * PyTorch's {@code dropout} argument (not after the top layer).
 *
 * <p>Inside, the input's share of every gate is one product for all time steps ({@code [T·N, D] ·
 * Wx}); only {@code h · Wh} runs once per step. An LSTM layer's time loop is one op, {@link
 * gradgraph.ops.recurrent.LstmSequence}, whose backward through time is written by hand (the
 * recurrent weight's gradient one product over all steps); a GRU layer's is {@link
 * gradgraph.ops.recurrent.GruSequence} and an RNN layer's {@link
 * gradgraph.ops.recurrent.RnnSequence}. The cells' own composite steps ({@link
 * RecurrentCell#stepState}) remain for one step at a time.
 */
public abstract class RecurrentLayer extends Module {
  private final String kind;
  private final int inputSize;
  private final int hiddenSize;
  private final List<RecurrentCell> cells = new ArrayList<>();
  private final double dropoutP;
  private final Dropout dropout;
  private boolean stateful;
  private RecurrentState carried;
  // false only in tests: the cells stepped with their composite ops, the fused ops' twins
  boolean fused = true;

  /** Builds one layer's cell. */
  interface CellFactory {
    RecurrentCell create(int in, int hidden, RandomGenerator rng, DType dtype);
  }

  /**
   * The result of a run: the top layer's outputs and every layer's last state.
   *
   * @param output {@code [N, T, H]}
   * @param state the state after the last time step, one entry per layer
   */
  public record Output(Variable output, RecurrentState state) {}

  RecurrentLayer(
      String kind,
      int inputSize,
      int hiddenSize,
      int numLayers,
      double dropout,
      RandomGenerator rng,
      DType dtype,
      CellFactory cells) {
    Errors.check(inputSize > 0, kind, "inputSize", "must be > 0, got " + inputSize);
    Errors.check(hiddenSize > 0, kind, "hiddenSize", "must be > 0, got " + hiddenSize);
    Errors.check(numLayers > 0, kind, "numLayers", "must be > 0, got " + numLayers);
    Errors.check(dropout >= 0 && dropout < 1, kind, "dropout", "must be in [0, 1), got " + dropout);
    Errors.check(rng != null, kind, "rng", "must not be null");
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.dropoutP = dropout;
    for (int l = 0; l < numLayers; l++) {
      this.cells.add(
          register(
              "layer" + l, cells.create(l == 0 ? inputSize : hiddenSize, hiddenSize, rng, dtype)));
    }
    this.dropout =
        dropout > 0 && numLayers > 1
            ? register("dropout", new Dropout(dropout, rng.nextLong()))
            : null;
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
   * Returns the number of stacked layers.
   *
   * @return the count
   */
  public final int numLayers() {
    return cells.size();
  }

  /**
   * Returns one layer's cell.
   *
   * @param layer the layer, 0 at the bottom
   * @return the cell
   */
  public final RecurrentCell cell(int layer) {
    return cells.get(layer);
  }

  /**
   * Turns state carrying on or off (the sequel's {@code stateful}); turning it off forgets the
   * state.
   *
   * @param on whether each call starts from the previous call's last state
   * @return this
   */
  public final RecurrentLayer stateful(boolean on) {
    this.stateful = on;
    if (!on) {
      carried = null;
    }
    return this;
  }

  /**
   * Tells whether state carrying is on.
   *
   * @return the setting
   */
  public final boolean isStateful() {
    return stateful;
  }

  /**
   * Forgets the carried state: the next call starts from zeros (the sequel's {@code reset_state}).
   */
  public final void resetState() {
    carried = null;
  }

  /**
   * Returns the carried state (detached), or null when none is kept.
   *
   * @return the state the next call starts from
   */
  public final RecurrentState carriedState() {
    return carried;
  }

  /**
   * Replaces the carried state (detached first), as the sequel's {@code set_state}; only for a
   * stateful layer.
   *
   * @param state the state the next call starts from, or null for zeros
   */
  public final void setState(RecurrentState state) {
    Errors.check(
        stateful, kind, "setState", "the layer is not stateful; call stateful(true) first");
    if (state != null) {
      checkState(state, state.h(0).shape()[0]);
    }
    carried = state == null ? null : state.detach();
  }

  @Override
  protected final Variable forward(Variable x) {
    return run(x, null).output();
  }

  /**
   * Runs the layer from an explicit initial state (a seq2seq decoder starts from the encoder's),
   * inside the layer's name scope. The state's gradient flows back into whatever computed it.
   *
   * @param x the input {@code [N, T, D]}
   * @param initial the state before the first step, one entry per layer; null for zeros (or, for a
   *     stateful layer, the carried state)
   * @return the output {@code [N, T, H]} and the last state
   */
  public final Output apply(Variable x, RecurrentState initial) {
    try (Scope s = NameScope.push(scopeName())) {
      return run(x, initial);
    }
  }

  private Output run(Variable x, RecurrentState initial) {
    if (x == null || x.rank() != 3 || x.shape()[2] != inputSize || x.shape()[1] == 0) {
      throw Errors.illegalArgument(
          kind,
          "x",
          "expected [N, T, "
              + inputSize
              + "] (batch, time, features) with T > 0, got "
              + (x == null ? "null" : Errors.shape(x.shape())));
    }
    int n = x.shape()[0];
    int t = x.shape()[1];
    RecurrentState init = initial != null ? initial : stateful ? carried : null;
    if (init != null) {
      if (initial == null && init.h(0).shape()[0] != n) {
        throw Errors.illegalArgument(
            kind,
            "x",
            "batch of "
                + n
                + " differs from the carried state's "
                + init.h(0).shape()[0]
                + "; call resetState() before a batch of another size");
      }
      checkState(init, n);
    }
    // time-major rows: step s is rows [s·N, (s+1)·N), a contiguous block
    Variable seq = Ops.permute(x, 1, 0, 2).reshape(t * n, inputSize);
    List<Variable> lastH = new ArrayList<>();
    List<Variable> lastC = new ArrayList<>();
    for (int l = 0; l < cells.size(); l++) {
      RecurrentCell cell = cells.get(l);
      Variable h = init == null ? null : init.h(l);
      Variable c = init == null || !init.hasCell() ? null : init.c(l);
      try (Scope s = NameScope.push("layer" + l)) {
        if (fused) {
          // the time loop as one op with a hand-written backward through time
          int width = cell.wx().shape()[1];
          Variable[] r = cell.sequence(cell.project(seq).reshape(t, n, width), h, c);
          seq = r[0].reshape(t * n, hiddenSize);
          h = r[1];
          c = r.length > 2 ? r[2] : null;
        } else {
          List<Variable> xws = splitSteps(cell.project(seq), t, n);
          List<Variable> hs = new ArrayList<>(t);
          for (int step = 0; step < t; step++) {
            Variable[] out = cell.stepProjected(xws.get(step), h, c);
            h = out[0];
            c = out.length > 1 ? out[1] : null;
            hs.add(h);
          }
          seq = hs.size() == 1 ? hs.get(0) : Ops.concat(hs, 0);
        }
      }
      lastH.add(h);
      if (cell.hasCell()) {
        lastC.add(c);
      }
      if (dropout != null && l < cells.size() - 1) {
        seq = dropout.apply(seq);
      }
    }
    Variable y = Ops.permute(seq.reshape(t, n, hiddenSize), 1, 0, 2);
    RecurrentState last = new RecurrentState(lastH, lastC);
    if (stateful) {
      carried = last.detach();
    }
    return new Output(y, last);
  }

  /**
   * Cuts {@code [T·N, W]} into its {@code T} blocks of {@code N} rows by halving, level by level. A
   * slice's backward pads its gradient to the whole input, so {@code T} slices of the whole would
   * cost {@code T} full-size gradients (quadratic in {@code T}); halving costs two of its parent's
   * size per node, about {@code 2·log2(T)} full sizes in all.
   */
  static List<Variable> splitSteps(Variable x, int t, int n) {
    int width = x.shape()[1];
    Variable[] parts = new Variable[t];
    ArrayDeque<Object[]> todo = new ArrayDeque<>();
    todo.push(new Object[] {x, 0, t});
    while (!todo.isEmpty()) {
      Object[] e = todo.pop();
      Variable v = (Variable) e[0];
      int first = (Integer) e[1];
      int count = (Integer) e[2];
      if (count == 1) {
        parts[first] = v;
        continue;
      }
      int half = count / 2;
      todo.push(
          new Object[] {
            Ops.slice(v, new int[] {half * n, 0}, new int[] {count * n, width}),
            first + half,
            count - half
          });
      todo.push(
          new Object[] {Ops.slice(v, new int[] {0, 0}, new int[] {half * n, width}), first, half});
    }
    return java.util.Arrays.asList(parts);
  }

  private void checkState(RecurrentState state, int n) {
    Errors.check(
        state.layers() == cells.size(),
        kind,
        "state",
        "has " + state.layers() + " layers, the layer has " + cells.size());
    Errors.check(
        !state.hasCell() || cells.get(0).hasCell(),
        kind,
        "state",
        "has cell states c, which only an LSTM takes");
    for (int l = 0; l < state.layers(); l++) {
      RecurrentCell.checkStateShape(kind, "h[" + l + "]", state.h(l), n, hiddenSize);
      if (state.hasCell()) {
        RecurrentCell.checkStateShape(kind, "c[" + l + "]", state.c(l), n, hiddenSize);
      }
    }
  }

  @Override
  protected String describe() {
    return kind
        + "("
        + inputSize
        + " -> "
        + hiddenSize
        + ", layers "
        + cells.size()
        + (dropoutP > 0 ? ", dropout " + dropoutP : "")
        + (stateful ? ", stateful" : "")
        + ")";
  }
}
