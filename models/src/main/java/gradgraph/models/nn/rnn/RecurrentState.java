package gradgraph.models.nn.rnn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of a stacked recurrent layer between time steps: one hidden state {@code h} {@code [N,
 * H]} per layer and, for an LSTM, one cell state {@code c} {@code [N, H]} per layer (empty for RNN
 * and GRU). PyTorch returns the same as {@code h_n}/{@code c_n} of shape {@code [layers, N, H]};
 * here each layer's state is its own Variable, so a decoder can start from an encoder's top layer.
 *
 * @param h the hidden states, bottom layer first
 * @param c the cell states, bottom layer first; empty when the layer has none
 */
public record RecurrentState(List<Variable> h, List<Variable> c) {
  /**
   * Checks and copies the lists.
   *
   * @param h the hidden states, bottom layer first
   * @param c the cell states, bottom layer first; empty when the layer has none
   */
  public RecurrentState {
    Errors.check(h != null && !h.isEmpty(), "RecurrentState", "h", "needs at least one layer");
    Errors.check(
        c != null && (c.isEmpty() || c.size() == h.size()),
        "RecurrentState",
        "c",
        "must be empty or have one entry per layer ("
            + h.size()
            + "), got "
            + (c == null ? "null" : c.size()));
    h = List.copyOf(h);
    c = List.copyOf(c);
  }

  /**
   * Creates a state without cell states (RNN, GRU).
   *
   * @param h the hidden states, bottom layer first
   * @return the state
   */
  public static RecurrentState of(List<Variable> h) {
    return new RecurrentState(h, List.of());
  }

  /**
   * Creates a state with one layer (RNN, GRU).
   *
   * @param h the hidden state {@code [N, H]}
   * @return the state
   */
  public static RecurrentState of(Variable h) {
    return new RecurrentState(List.of(h), List.of());
  }

  /**
   * Creates an LSTM state with one layer.
   *
   * @param h the hidden state {@code [N, H]}
   * @param c the cell state {@code [N, H]}
   * @return the state
   */
  public static RecurrentState of(Variable h, Variable c) {
    return new RecurrentState(List.of(h), List.of(c));
  }

  /**
   * Returns the number of layers.
   *
   * @return the count
   */
  public int layers() {
    return h.size();
  }

  /**
   * Tells whether the state holds cell states (an LSTM's).
   *
   * @return true for an LSTM state
   */
  public boolean hasCell() {
    return !c.isEmpty();
  }

  /**
   * Returns one layer's hidden state.
   *
   * @param layer the layer, 0 at the bottom
   * @return {@code [N, H]}
   */
  public Variable h(int layer) {
    return h.get(layer);
  }

  /**
   * Returns one layer's cell state.
   *
   * @param layer the layer, 0 at the bottom
   * @return {@code [N, H]}
   * @throws IllegalArgumentException when the state has no cell states
   */
  public Variable c(int layer) {
    Errors.check(hasCell(), "RecurrentState", "c", "this state has no cell states (not an LSTM)");
    return c.get(layer);
  }

  /**
   * Returns the top layer's hidden state, the summary of the sequence an encoder passes on.
   *
   * @return {@code [N, H]}
   */
  public Variable top() {
    return h.get(h.size() - 1);
  }

  /**
   * Returns the same values cut from the graph (DeZero's {@code unchain_backward}): gradients of a
   * loss computed from the returned state stop here, which truncates backpropagation through time.
   *
   * @return a new state of detached variables
   */
  public RecurrentState detach() {
    List<Variable> dh = new ArrayList<>(h.size());
    for (Variable v : h) {
      dh.add(v.detach());
    }
    List<Variable> dc = new ArrayList<>(c.size());
    for (Variable v : c) {
      dc.add(v.detach());
    }
    return new RecurrentState(dh, dc);
  }
}
