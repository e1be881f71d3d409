package gradgraph.core;

import gradgraph.core.ops.Cast;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
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
  // deepest generation first; a constant, so no comparator is allocated per backward pass
  private static final Comparator<Op> LATEST_FIRST =
      (a, b) -> Integer.compare(b.generation(), a.generation());

  private Backprop() {}

  static void backward(Variable y, Variable seed, BackwardOption... options) {
    boolean retainGraph = false;
    boolean createGraph = false;
    boolean retainGrad = false;
    for (BackwardOption o : options) {
      switch (o) {
        case RETAIN_GRAPH -> retainGraph = true;
        case CREATE_GRAPH -> createGraph = true;
        case RETAIN_GRAD -> retainGrad = true;
      }
    }
    // as in PyTorch, a recorded backward pass keeps the graph it was recorded from
    Kept kept = run(y, seed, retainGraph || createGraph, createGraph, retainGrad, null);
    for (int i = 0; i < kept.vars.size(); i++) {
      Variable v = kept.vars.get(i);
      Variable g = kept.grads.get(i);
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
    Kept kept =
        run(
            y,
            null,
            opts.contains(BackwardOption.RETAIN_GRAPH)
                || opts.contains(BackwardOption.CREATE_GRAPH),
            opts.contains(BackwardOption.CREATE_GRAPH),
            false,
            targets);
    Map<Variable, Variable> grads = new IdentityHashMap<>();
    for (int i = 0; i < kept.vars.size(); i++) {
      grads.put(kept.vars.get(i), kept.grads.get(i));
    }
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

  /** The gradients a walk keeps, as parallel lists (each variable once). */
  private static final class Kept {
    final List<Variable> vars = new ArrayList<>();
    final List<Variable> grads = new ArrayList<>();

    void add(Variable v, Variable g) {
      vars.add(v);
      grads.add(g);
    }
  }

  /**
   * Runs the walk. Returns the gradients to keep: of leaves, of variables that retain theirs, and
   * of {@code targets} when given (then only those).
   *
   * <p>Gradients in flight sit in a slot on each variable ({@link Variable#pending}) stamped with
   * this walk's token, and ops are marked seen with the same token, instead of identity hash maps:
   * hashing fresh objects by identity cost more than the arithmetic on a small graph. Every slot is
   * cleared before returning.
   */
  private static Kept run(
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
    Kept kept = new Kept();
    Variable g0 =
        seed != null
            ? seed
            : Variable.constant(Tensor.ones(y.dtype(), y.shape()).to(y.value().device()));
    Op first = y.creator();
    if (first == null) {
      kept.add(y, g0);
      return kept;
    }
    if (first.isReleased()) {
      first.runBackward(g0); // throws with the message that says how to fix it
    }
    Object token = new Object();
    List<Variable> pending = new ArrayList<>();
    y.setPending(token, g0);
    pending.add(y);
    PriorityQueue<Op> queue = new PriorityQueue<>(LATEST_FIRST);
    first.seenBy = token;
    queue.add(first);
    try (Scope mode = createGraph ? Grad.enabled() : Grad.disabled()) {
      while (!queue.isEmpty()) {
        Op op = queue.poll();
        Variable out = op.outputVariable();
        Variable gy = out.takePending(token);
        if (targets != null ? targets.contains(out) : retainAll || out.retainsGrad()) {
          kept.add(out, gy);
        }
        Variable[] gxs = op.runBackward(gy);
        Variable[] inputs = op.inputArray();
        for (int i = 0; i < gxs.length; i++) {
          Variable x = inputs[i];
          Variable gx = gxs[i];
          if (gx == null || !x.requiresGrad() || !op.isDifferentiable(i)) {
            continue;
          }
          gx = fit(op, i, x, gx);
          Variable prev = x.pending(token);
          if (prev == null) {
            pending.add(x);
          }
          x.setPending(token, prev == null ? gx : prev.add(gx));
          Op c = x.creator();
          if (c != null && c.seenBy != token) {
            c.seenBy = token;
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
    } finally {
      for (Variable v : pending) {
        Variable g = v.takePending(token);
        if (g != null
            && (targets != null
                ? targets.contains(v)
                : v.isLeaf() || retainAll || v.retainsGrad())) {
          kept.add(v, g);
        }
      }
    }
    return kept;
  }

  /** Sums a broadcast gradient down to the input's shape and matches its dtype. */
  private static Variable fit(Op op, int i, Variable x, Variable gx) {
    if (!x.value().sameShape(gx.value())) {
      int[] xs = x.value().shape();
      int[] gs = gx.value().shape();
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
