package gradgraph.viz;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one diagram draws: the ops of the recorded graph nearest the outputs that fit the node
 * budget, in forward (topological) order. Every walk here is iterative, so a 100 000-op chain is
 * fine.
 *
 * <p>The budget counts the nodes the chosen style draws, so the ops are taken breadth-first from
 * the outputs until the next one would not fit; everything farther away is summarized by one node
 * that says how many nodes it hides.
 */
final class GraphView {
  final List<Variable> outputs;

  /** Kept ops, inputs before the ops that consume them. */
  final List<Op> ops;

  /** Nodes the full diagram would have had beyond the ones drawn. */
  final int hiddenNodes;

  private final Set<Op> kept;
  private final Map<Op, String> groups;
  private final Set<Variable> folded;

  private GraphView(
      List<Variable> outputs,
      List<Op> ops,
      Set<Op> kept,
      Map<Op, String> groups,
      Set<Variable> folded,
      int hiddenNodes) {
    this.outputs = outputs;
    this.ops = ops;
    this.kept = kept;
    this.groups = groups;
    this.folded = folded;
    this.hiddenNodes = hiddenNodes;
  }

  /**
   * Builds the view.
   *
   * @param outputs the variables to draw back from, deduplicated, in order
   * @param style the style, which decides what a node is
   * @param compactCollapsed whether COMPACT groups collapse to one node each
   * @param scopeDepth how many leading components of a scope path name a group (0: all)
   * @param budget the most nodes to draw before hiding the rest
   */
  static GraphView build(
      List<Variable> outputs, Style style, boolean compactCollapsed, int scopeDepth, int budget) {
    // breadth first from the outputs: nearest ops first
    List<Op> bfs = new ArrayList<>();
    Set<Op> seen = identitySet();
    for (Variable out : outputs) {
      Op c = out.creator();
      if (c != null && seen.add(c)) {
        bfs.add(c);
      }
    }
    for (int i = 0; i < bfs.size(); i++) {
      for (Variable x : bfs.get(i).inputs()) {
        Op c = x.creator();
        if (c != null && seen.add(c)) {
          bfs.add(c);
        }
      }
    }

    Map<Op, String> groups = new IdentityHashMap<>();
    Set<Variable> folded = identitySet();
    if (style == Style.COMPACT) {
      Map<Variable, String> owner = new IdentityHashMap<>();
      Set<Variable> shared = identitySet();
      for (Op op : bfs) {
        String g = group(op.scope(), scopeDepth);
        groups.put(op, g);
        for (Variable x : op.inputs()) {
          if (x.isLeaf()) {
            String prev = owner.putIfAbsent(x, g);
            if (prev != null && !prev.equals(g)) {
              shared.add(x);
            }
          }
        }
      }
      // a parameter used by one layer only is drawn inside that layer
      for (Map.Entry<Variable, String> e : owner.entrySet()) {
        Variable leaf = e.getKey();
        if (!e.getValue().isEmpty() && leaf.requiresGrad() && !shared.contains(leaf)) {
          folded.add(leaf);
        }
      }
      for (Variable out : outputs) {
        folded.remove(out);
      }
    }

    Counter total = new Counter(style, compactCollapsed, groups, folded, outputs);
    Counter drawn = new Counter(style, compactCollapsed, groups, folded, outputs);
    Set<Op> kept = identitySet();
    boolean full = false;
    for (Op op : bfs) {
      total.add(op);
      if (!full && drawn.count + drawn.cost(op) <= budget) {
        drawn.add(op);
        kept.add(op);
      } else {
        full = true;
      }
    }
    int hidden = total.count - drawn.count;
    return new GraphView(
        List.copyOf(outputs), topological(outputs, kept), kept, groups, folded, hidden);
  }

  /** Tells whether an op is drawn. */
  boolean isKept(Op op) {
    return kept.contains(op);
  }

  /** Tells whether a variable comes out of the hidden part of the graph. */
  boolean fromHidden(Variable v) {
    return v.creator() != null && !kept.contains(v.creator());
  }

  /** The COMPACT group of an op: its (truncated) scope path, empty at top level. */
  String group(Op op) {
    String g = groups.get(op);
    return g == null ? "" : g;
  }

  /** Tells whether a COMPACT leaf is drawn inside the one group that uses it. */
  boolean isFolded(Variable leaf) {
    return folded.contains(leaf);
  }

  /** Tells whether a variable is one of the outputs. */
  boolean isOutput(Variable v) {
    for (Variable o : outputs) {
      if (o == v) {
        return true;
      }
    }
    return false;
  }

  /** Every variable the drawn part touches: inputs of kept ops, their outputs and the outputs. */
  List<Variable> variables() {
    Set<Variable> vs = identitySet();
    List<Variable> list = new ArrayList<>();
    for (Op op : ops) {
      for (Variable x : op.inputs()) {
        if (vs.add(x)) {
          list.add(x);
        }
      }
      if (vs.add(op.outputVariable())) {
        list.add(op.outputVariable());
      }
    }
    for (Variable o : outputs) {
      if (vs.add(o)) {
        list.add(o);
      }
    }
    return list;
  }

  static String group(String scope, int depth) {
    if (depth <= 0 || scope.isEmpty()) {
      return scope;
    }
    int at = -1;
    for (int i = 0; i < depth; i++) {
      at = scope.indexOf('/', at + 1);
      if (at < 0) {
        return scope;
      }
    }
    return scope.substring(0, at);
  }

  /** Post-order depth-first walk over kept ops, with an explicit stack. */
  private static List<Op> topological(List<Variable> outputs, Set<Op> kept) {
    List<Op> order = new ArrayList<>(kept.size());
    Set<Op> visited = identitySet();
    Deque<Op> ops = new ArrayDeque<>();
    Deque<int[]> next = new ArrayDeque<>();
    for (Variable out : outputs) {
      Op root = out.creator();
      if (root == null || !kept.contains(root) || !visited.add(root)) {
        continue;
      }
      ops.push(root);
      next.push(new int[] {0});
      while (!ops.isEmpty()) {
        Op op = ops.peek();
        int[] i = next.peek();
        List<Variable> inputs = op.inputs();
        if (i[0] < inputs.size()) {
          Op c = inputs.get(i[0]++).creator();
          if (c != null && kept.contains(c) && visited.add(c)) {
            ops.push(c);
            next.push(new int[] {0});
          }
        } else {
          ops.pop();
          next.pop();
          order.add(op);
        }
      }
    }
    return order;
  }

  private static <T> Set<T> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /** Counts the nodes a style draws for a growing set of ops. */
  private static final class Counter {
    private final Style style;
    private final boolean collapsed;
    private final Map<Op, String> groups;
    private final Set<Variable> folded;
    private final Set<Variable> leaves = identitySet();
    private final Set<String> units = new LinkedHashSet<>();
    private final Set<Variable> outputs = identitySet();
    int count;

    Counter(
        Style style,
        boolean collapsed,
        Map<Op, String> groups,
        Set<Variable> folded,
        List<Variable> outputs) {
      this.style = style;
      this.collapsed = collapsed;
      this.groups = groups;
      this.folded = folded;
      // every output is drawn (its name on the right, or its ellipse), whatever the budget
      for (Variable o : outputs) {
        this.outputs.add(o);
        if (o.isLeaf()) {
          leaves.add(o);
        }
        count++;
      }
    }

    /** The nodes {@code op} would add. */
    int cost(Op op) {
      int n = 0;
      String g = groups.getOrDefault(op, "");
      if (style == Style.COMPACT && collapsed && !g.isEmpty()) {
        n += units.contains(g) ? 0 : 1;
      } else {
        n += 1;
      }
      if (style == Style.DEZERO && !outputs.contains(op.outputVariable())) {
        n += 1; // the result's ellipse
      }
      Set<Variable> here = identitySet();
      for (Variable x : op.inputs()) {
        if (x.isLeaf()
            && !leaves.contains(x)
            && !(style == Style.COMPACT && collapsed && folded.contains(x))
            && here.add(x)) {
          n++;
        }
      }
      return n;
    }

    int add(Op op) {
      int n = cost(op);
      count += n;
      String g = groups.getOrDefault(op, "");
      if (!g.isEmpty()) {
        units.add(g);
      }
      for (Variable x : op.inputs()) {
        if (x.isLeaf()) {
          leaves.add(x);
        }
      }
      return n;
    }
  }
}
