/**
 * Recurrent ops over whole sequences: {@link gradgraph.ops.recurrent.LstmSequence}, an LSTM layer's
 * time loop as one op with a hand-written backward (backpropagation through time).
 */
package gradgraph.ops.recurrent;
