package gradgraph.distributed;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.optim.WeightDecay;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arrays that travel in a round of parameter averaging (engine classes are not serializable):
 * the driver's weights and optimizer state out to the tasks, and each task's weighted copy back,
 * summed by {@code treeAggregate} into the average.
 */
final class Averaging {
  private Averaging() {}

  /**
   * One optimizer-state tensor as arrays.
   *
   * @param shape its shape
   * @param values its values, row-major
   */
  record Slot(int[] shape, double[] values) implements Serializable {}

  /**
   * What every task starts a round from.
   *
   * @param params the weights, in {@link SparkFit#flatten} layout
   * @param state the optimizer state by {@link Optimizer#state()} key
   * @param optimizer the optimizer's name, for {@link Optimizer#create}
   * @param decayKind the weight decay's kind
   * @param decayLambda the weight decay's strength
   * @param maxGradNorm the gradient-norm limit
   */
  record Start(
      double[] params,
      Map<String, Slot> state,
      String optimizer,
      String decayKind,
      double decayLambda,
      double maxGradNorm)
      implements Serializable {
    /**
     * Returns the weight decay.
     *
     * @return the decay the driver's optimizer uses
     */
    WeightDecay decay() {
      return new WeightDecay(decayKind, decayLambda);
    }
  }

  /**
   * A task's copy after its round, already weighted by its share of the round's examples; the sum
   * over the tasks is the average.
   *
   * @param params the weighted weights, or null for the sum's empty start
   * @param state the weighted optimizer state
   * @param losses the weighted loss of each step of the round
   */
  record Part(double[] params, Map<String, Slot> state, double[] losses) implements Serializable {}

  /**
   * Captures the driver's model and optimizer.
   *
   * @param model the model
   * @param o its optimizer
   * @return the start of a round
   */
  static Start start(Module model, Optimizer o) {
    return new Start(
        SparkFit.flatten(model.parameters()),
        slots(o.state(), 1),
        o.name(),
        o.weightDecay().kind(),
        o.weightDecay().lambda(),
        o.maxGradNorm());
  }

  /**
   * A task's result, weighted.
   *
   * @param params its weights
   * @param state its optimizer state
   * @param losses its weighted losses per step
   * @param weight its share of the round's examples
   * @return the part
   */
  static Part part(double[] params, Map<String, Tensor> state, double[] losses, double weight) {
    double[] p = params.clone();
    for (int i = 0; i < p.length; i++) {
      p[i] *= weight;
    }
    return new Part(p, slots(state, weight), losses);
  }

  /** The empty start of the sum. */
  static Part zero(int steps) {
    return new Part(null, new LinkedHashMap<>(), new double[steps]);
  }

  /**
   * Adds two parts (the first may be modified and returned).
   *
   * @param a a part, possibly {@link #zero}
   * @param b another
   * @return the sum
   */
  static Part add(Part a, Part b) {
    if (a.params() == null) {
      return b.params() == null ? a : add(copy(b), a);
    }
    if (b.params() != null) {
      addInto(a.params(), b.params());
    }
    addInto(a.losses(), b.losses());
    for (Map.Entry<String, Slot> e : b.state().entrySet()) {
      Slot mine = a.state().get(e.getKey());
      if (mine == null) {
        a.state().put(e.getKey(), new Slot(e.getValue().shape(), e.getValue().values().clone()));
      } else {
        addInto(mine.values(), e.getValue().values());
      }
    }
    return a;
  }

  /**
   * The averaged state as tensors for {@link Optimizer#loadState}; {@code steps} rounded to a whole
   * number.
   *
   * @param state the state
   * @param dtype the parameters' dtype
   * @return the tensors
   */
  static Map<String, Tensor> tensors(Map<String, Slot> state, DType dtype) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Slot> e : state.entrySet()) {
      Slot s = e.getValue();
      out.put(
          e.getKey(),
          e.getKey().equals("steps")
              ? Tensor.scalar(Math.rint(s.values()[0]))
              : Tensor.of(s.values(), s.shape()).to(dtype));
    }
    return out;
  }

  private static Part copy(Part p) {
    return add(
        new Part(
            new double[p.params().length], new LinkedHashMap<>(), new double[p.losses().length]),
        p);
  }

  private static Map<String, Slot> slots(Map<String, Tensor> state, double weight) {
    Map<String, Slot> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      double[] v = e.getValue().toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        v[i] *= weight;
      }
      out.put(e.getKey(), new Slot(e.getValue().shape(), v));
    }
    return out;
  }

  private static void addInto(double[] acc, double[] g) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += g[i];
    }
  }
}
