package gradgraph.core;

import gradgraph.core.ops.Cast;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The reverse-mode engine. It walks the graph from the output in decreasing generation order with a
 * priority queue (never recursion, so a 100 000-op chain is fine), calls each op's backward once
 * all gradients of its output have arrived, sums fan-out gradients, and reduces a broadcast
 * gradient to its input's shape here, once, instead of in every op.
 */
public final class Backprop {
  private Backprop() {}

  static void backward(Variable y, Variable seed, BackwardOption... options) {
    Set<BackwardOption> opts = EnumSet.noneOf(BackwardOption.class);
    opts.addAll(Arrays.asList(options));
    Map<Variable, Variable> grads =
        run(
            y,
            seed,
            // as in PyTorch, a recorded backward pass keeps the graph it was recorded from
            opts.contains(BackwardOption.RETAIN_GRAPH)
                || opts.contains(BackwardOption.CREATE_GRAPH),
            opts.contains(BackwardOption.CREATE_GRAPH),
            opts.contains(BackwardOption.RETAIN_GRAD),
            null);
    for (Map.Entry<Variable, Variable> e : grads.entrySet()) {
      Variable v = e.getKey();
      Variable g = e.getValue();
      Variable prev = v.grad();
      v.setGrad(prev == null ? g : prev.add(g));
    }
  }

  /**
   * Computes gradients of {@code y} with respect to some variables and returns them, without
   * touching any {@link Variable#grad()} (PyTorch's {@code torch.autograd.grad}).
   *
   * @param y the output; a non-scalar output is seeded with ones
   * @param xs the variables to differentiate by
   * @param options {@link BackwardOption#RETAIN_GRAPH} and {@link BackwardOption#CREATE_GRAPH}
   * @return one gradient per entry of {@code xs}; a zero tensor where {@code y} does not depend on
   *     it
   */
  public static List<Variable> grad(Variable y, List<Variable> xs, BackwardOption... options) {
    Set<BackwardOption> opts = EnumSet.noneOf(BackwardOption.class);
    opts.addAll(Arrays.asList(options));
    Set<Variable> targets = Collections.newSetFromMap(new IdentityHashMap<>());
    targets.addAll(xs);
    Map<Variable, Variable> grads =
        run(
            y,
            null,
            opts.contains(BackwardOption.RETAIN_GRAPH)
                || opts.contains(BackwardOption.CREATE_GRAPH),
            opts.contains(BackwardOption.CREATE_GRAPH),
            false,
            targets);
    List<Variable> out = new ArrayList<>(xs.size());
    for (Variable x : xs) {
      Variable g = grads.get(x);
      out.add(
          g != null
              ? g
              : Variable.constant(Tensor.zeros(x.dtype(), x.shape()).to(x.value().device())));
    }
    return out;
  }

  /**
   * Runs the walk. Returns the gradients to keep: of leaves, of variables that retain theirs, and
   * of {@code targets} when given (then only those).
   */
  private static Map<Variable, Variable> run(
      Variable y,
      Variable seed,
      boolean retainGraph,
      boolean createGraph,
      boolean retainAll,
      Set<Variable> targets) {
    if (!y.requiresGrad()) {
      throw new IllegalStateException(
          "backward: "
              + y.describe()
              + " does not require a gradient: it was computed with grad mode off, or from"
              + " constants only");
    }
    Map<Variable, Variable> grads = new IdentityHashMap<>();
    Map<Variable, Variable> kept = new IdentityHashMap<>();
    Variable g0 =
        seed != null
            ? seed
            : Variable.constant(Tensor.ones(y.dtype(), y.shape()).to(y.value().device()));
    Op first = y.creator();
    if (first == null) {
      kept.put(y, g0);
      return kept;
    }
    if (first.isReleased()) {
      first.runBackward(g0); // throws with the message that says how to fix it
    }
    grads.put(y, g0);
    PriorityQueue<Op> queue =
        new PriorityQueue<>((a, b) -> Integer.compare(b.generation(), a.generation()));
    Set<Op> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    queue.add(first);
    seen.add(first);
    try (Scope mode = createGraph ? Grad.enabled() : Grad.disabled()) {
      while (!queue.isEmpty()) {
        Op op = queue.poll();
        Variable out = op.outputVariable();
        Variable gy = grads.remove(out);
        if (targets != null ? targets.contains(out) : retainAll || out.retainsGrad()) {
          kept.put(out, gy);
        }
        Variable[] gxs = op.runBackward(gy);
        List<Variable> inputs = op.inputs();
        for (int i = 0; i < gxs.length; i++) {
          Variable x = inputs.get(i);
          Variable gx = gxs[i];
          if (gx == null || !x.requiresGrad() || !op.isDifferentiable(i)) {
            continue;
          }
          gx = fit(op, i, x, gx);
          Variable prev = grads.get(x);
          grads.put(x, prev == null ? gx : prev.add(gx));
          Op c = x.creator();
          if (c != null && seen.add(c)) {
            if (c.isReleased()) {
              c.runBackward(gx); // throws
            }
            queue.add(c);
          }
        }
        if (!retainGraph) {
          op.release();
        }
      }
    }
    for (Map.Entry<Variable, Variable> e : grads.entrySet()) {
      Variable v = e.getKey();
      if (targets != null ? targets.contains(v) : v.isLeaf() || retainAll || v.retainsGrad()) {
        kept.put(v, e.getValue());
      }
    }
    return kept;
  }

  /** Sums a broadcast gradient down to the input's shape and matches its dtype. */
  private static Variable fit(Op op, int i, Variable x, Variable gx) {
    int[] xs = x.value().shape();
    int[] gs = gx.value().shape();
    if (!Arrays.equals(xs, gs)) {
      try {
        gx = gx.sumTo(xs);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            op.name()
                + ": backward returned a gradient of shape "
                + Arrays.toString(gs)
                + " for input "
                + i
                + " of shape "
                + Arrays.toString(xs),
            e);
      }
    }
    if (gx.dtype() != x.dtype()) {
      gx = new Cast(x.dtype()).apply(gx);
    }
    return gx;
  }
}
