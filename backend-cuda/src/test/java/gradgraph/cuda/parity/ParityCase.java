package gradgraph.cuda.parity;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One row of the CPU-vs-device parity table: inputs made on the CPU, a computation that runs
 * wherever its inputs live, and what is compared. The runner moves the inputs to each device, runs
 * the computation on both and compares, within the tolerance of the dtype:
 *
 * <ul>
 *   <li>kernel cases ({@link #kernel}): every output tensor;
 *   <li>graph cases ({@link #graph}): the forward value, then the gradient of every differentiable
 *       input after a backward pass seeded with fixed random weights (so a gradient routed to the
 *       wrong element shows even where a seed of ones would hide it);
 *   <li>statistics cases ({@link #statistics}): numbers each device computes about its own result,
 *       each within its own tolerance; for computations whose elements may legitimately differ
 *       between devices (random masks drawn another way).
 * </ul>
 *
 * @param name shown in the report
 * @param inputs the inputs, on the CPU
 * @param compute kernel-level form: tensors on one device in, tensors out (null otherwise)
 * @param graph graph-level form: variables in, one variable out (null otherwise)
 * @param differentiable for graph and statistics cases, which inputs are variables that need a
 *     gradient (the others become constants); one entry per input
 * @param stats statistics form: variables in, named numbers out (null otherwise)
 */
public record ParityCase(
    String name,
    List<Tensor> inputs,
    Function<Tensor[], Tensor[]> compute,
    Function<Variable[], Variable> graph,
    List<Boolean> differentiable,
    Function<Variable[], List<Stat>> stats) {

  /**
   * One number a statistics case computes on a device.
   *
   * @param name what it measures
   * @param value its value
   * @param tolerance the largest absolute difference allowed between the devices
   */
  public record Stat(String name, double value, double tolerance) {}

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
    return new ParityCase(name, List.of(inputs), compute, null, allTrue(inputs.length), null);
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
    return new ParityCase(name, List.of(inputs), null, f, allTrue(inputs.length), null);
  }

  /**
   * A graph-level case where only some inputs are differentiable: the others are passed as
   * constants, and only the differentiable ones' gradients are compared (none when no input is).
   *
   * @param name the name
   * @param f the function
   * @param differentiable one flag per input
   * @param inputs CPU inputs
   * @return the case
   */
  public static ParityCase graph(
      String name, Function<Variable[], Variable> f, boolean[] differentiable, Tensor... inputs) {
    return new ParityCase(name, List.of(inputs), null, f, flags(differentiable, inputs), null);
  }

  /**
   * A statistics case: each device computes named numbers about its own result (from variables
   * built as in a graph case), and the runner compares them within each number's tolerance.
   *
   * @param name the name
   * @param stats the computation of the statistics
   * @param differentiable one flag per input
   * @param inputs CPU inputs
   * @return the case
   */
  public static ParityCase statistics(
      String name,
      Function<Variable[], List<Stat>> stats,
      boolean[] differentiable,
      Tensor... inputs) {
    return new ParityCase(name, List.of(inputs), null, null, flags(differentiable, inputs), stats);
  }

  private static List<Boolean> allTrue(int n) {
    Boolean[] b = new Boolean[n];
    Arrays.fill(b, Boolean.TRUE);
    return List.of(b);
  }

  private static List<Boolean> flags(boolean[] differentiable, Tensor[] inputs) {
    if (differentiable.length != inputs.length) {
      throw new IllegalArgumentException(
          "ParityCase: differentiable: "
              + differentiable.length
              + " flags for "
              + inputs.length
              + " inputs");
    }
    Boolean[] b = new Boolean[differentiable.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = differentiable[i];
    }
    return List.of(b);
  }
}
