package gradgraph.distributed;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.zoo.Zoo;
import gradgraph.ops.Ops;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Spark task needs to rebuild the model: the zoo name and seed, the data's shape and the
 * dtype; the model is built once per task thread and then only receives parameter values.
 *
 * @param modelName the zoo name
 * @param exampleShape the shape of one example
 * @param classes the number of classes
 * @param seed the model's seed (dropout masks)
 * @param dtype the parameters' dtype
 */
record Worker(String modelName, int[] exampleShape, int classes, long seed, DType dtype)
    implements Serializable {
  // tasks of local[N] run on N threads of one JVM; modules are not thread-safe
  private static final ThreadLocal<Map<String, Module>> MODELS =
      ThreadLocal.withInitial(HashMap::new);

  private Module model() {
    String key = modelName + "|" + java.util.Arrays.toString(exampleShape) + "|" + classes;
    key += "|" + seed + "|" + dtype;
    return MODELS
        .get()
        .computeIfAbsent(key, k -> Zoo.create(modelName, exampleShape, classes, seed).to(dtype));
  }

  /**
   * Computes a slice's weighted gradients at the given parameters.
   *
   * @param params every parameter's values, concatenated in {@link Module#parameters()} order
   * @param s the slice
   * @return the weighted gradients in the same layout, then the weighted loss as last element
   */
  double[] gradients(double[] params, Slice s) {
    Module m = model();
    List<Parameter> ps = m.parameters();
    SparkFit.unflatten(params, ps, dtype, false);
    double loss = lossAndBackward(m, s);
    double[] out = new double[params.length + 1];
    int at = 0;
    for (Parameter p : ps) {
      int n = p.value().size();
      if (p.grad() != null) {
        double[] g = p.grad().value().toDoubleArray();
        for (int i = 0; i < n; i++) {
          out[at + i] = s.weight() * g[i];
        }
      }
      at += n;
    }
    out[at] = s.weight() * loss;
    m.clearGrads();
    return out;
  }

  /**
   * Trains this task's copy for a round of parameter averaging: one optimizer step per slice, each
   * on that slice's mean loss, starting from the driver's weights and optimizer state.
   *
   * @param start the driver's weights and optimizer state
   * @param mine this task's slices, one per global batch of the round (in order)
   * @param lrs the learning rate of each of the round's steps
   * @param examples the examples of the whole round, over all tasks
   * @return the copy's weights and state, weighted by this task's share of the examples, and its
   *     weighted loss per step
   */
  Averaging.Part train(Averaging.Start start, List<Slice> mine, double[] lrs, int examples) {
    Module m = model();
    SparkFit.unflatten(start.params(), m.parameters(), dtype, false);
    Optimizer o = Optimizer.create(start.optimizer(), m, lrs[0]);
    o.weightDecay(start.decay()).clipGradNorm(start.maxGradNorm());
    if (!start.state().isEmpty()) {
      o.loadState(Averaging.tensors(start.state(), dtype));
    }
    double[] losses = new double[lrs.length];
    int seen = 0;
    for (Slice s : mine) {
      seen += s.shape()[0];
    }
    for (int j = 0; j < mine.size(); j++) {
      Slice s = mine.get(j);
      o.lr(lrs[s.step()]);
      losses[s.step()] = s.weight() * lossAndBackward(m, s);
      o.step();
      m.clearGrads();
    }
    double w = (double) seen / examples;
    return Averaging.part(SparkFit.flatten(m.parameters()), o.state(), losses, w);
  }

  /** The slice's mean loss (the model's penalty included), after its backward pass. */
  private static double lossAndBackward(Module m, Slice s) {
    Variable loss;
    try (Scope train = Mode.train()) {
      Variable logits =
          m.apply(
              Variable.constant(
                  Tensor.of(s.x(), s.shape()).to(m.parameters().get(0).value().dtype())));
      loss = Ops.softmaxCrossEntropy(logits, s.labels());
      Variable penalty = m.penalty();
      if (penalty != null) {
        loss = loss.add(penalty);
      }
      m.clearGrads();
      loss.backward();
    }
    return loss.item();
  }
}
