package gradgraph.cuda.parity;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * One row of the CPU-vs-device parity table: inputs made on the CPU, a computation that runs
 * wherever its inputs live, and whether gradients are compared too. The runner moves the inputs to
 * each device, runs the computation on both and compares every output (and, for graph cases, every
 * input's gradient) within the tolerance of the dtype.
 *
 * @param name shown in the report
 * @param inputs the inputs, on the CPU
 * @param compute kernel-level form: tensors on one device in, tensors out (null for graph cases)
 * @param graph graph-level form: variables in, one variable out whose {@code backward()} runs (null
 *     for kernel cases)
 */
public record ParityCase(
    String name,
    List<Tensor> inputs,
    Function<Tensor[], Tensor[]> compute,
    Function<Variable[], Variable> graph) {

  /**
   * A kernel-level case.
   *
   * @param name the name
   * @param compute the computation
   * @param inputs CPU inputs
   * @return the case
   */
  public static ParityCase kernel(
      String name, Function<Tensor[], Tensor[]> compute, Tensor... inputs) {
    return new ParityCase(name, List.of(inputs), compute, null);
  }

  /**
   * A graph-level case: forward value and the gradient of every input.
   *
   * @param name the name
   * @param f the function
   * @param inputs CPU inputs
   * @return the case
   */
  public static ParityCase graph(String name, Function<Variable[], Variable> f, Tensor... inputs) {
    return new ParityCase(name, List.of(inputs), null, f);
  }
}
