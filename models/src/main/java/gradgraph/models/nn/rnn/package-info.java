/**
 * Recurrent layers, the sequel's chapters 5 and 6: the cells {@link
 * gradgraph.models.nn.rnn.RnnCell}, {@link gradgraph.models.nn.rnn.LstmCell} and {@link
 * gradgraph.models.nn.rnn.GruCell} (one time step, state in and out explicit), and the sequence
 * layers {@link gradgraph.models.nn.rnn.Rnn}, {@link gradgraph.models.nn.rnn.Lstm} and {@link
 * gradgraph.models.nn.rnn.Gru} over batch-first {@code [N, T, D]} inputs, stacked in layers, with
 * the sequel's {@code stateful} option for truncated backpropagation through time: the state
 * carried from one call to the next is detached, so no gradient flows into the previous chunk.
 * Parameters use the sequel's names ({@code Wx}, {@code Wh}, {@code b}) and its layout ({@code x ·
 * Wx}); the gates are ordered as in PyTorch.
 */
package gradgraph.models.nn.rnn;
