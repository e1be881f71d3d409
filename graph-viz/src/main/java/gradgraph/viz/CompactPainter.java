package gradgraph.viz;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ops grouped by the name scope that recorded them: each group one box listing its ops and
 * parameters (or, expanded, one cluster of circles); edges carry the tensors that cross groups,
 * with the value (or shape) over the gradient (or its norm) in red.
 */
final class CompactPainter extends Painter {
  private static final int MAX_LISTED = 6;

  /** Ops of each group, in topological order, groups in order of first appearance. */
  private final Map<String, List<Op>> groups = new LinkedHashMap<>();

  CompactPainter(GraphView view, Settings settings) {
    super(view, settings);
    for (Op op : view.ops) {
      String g = view.group(op);
      if (!g.isEmpty()) {
        groups.computeIfAbsent(g, k -> new ArrayList<>()).add(op);
      }
    }
  }

  @Override
  String howToRead() {
    return (settings.expandScopes() ? "clusters" : "boxes")
        + ": name scopes (layers) with their ops and parameters · edges: tensors between them"
        + (settings.gradients() ? " · red: gradients of the output" : "");
  }

  @Override
  void body() {
    for (Variable o : view.outputs) {
      if (o.isLeaf() && !hasId(o)) {
        leafNode(o);
      } else if (view.fromHidden(o) && !hasId(o)) {
        outputNode(o);
      }
    }
    Set<String> declared = new HashSet<>();
    for (Op op : view.ops) {
      for (Variable x : op.inputs()) {
        if (x.isLeaf() && !view.isFolded(x) && !hasId(x)) {
          leafNode(x);
        }
      }
      String g = view.group(op);
      if (g.isEmpty()) {
        opCircle(op);
      } else if (declared.add(g)) {
        if (settings.expandScopes()) {
          cluster(g);
        } else {
          groupBox(g);
        }
      }
      for (Variable o : outputsOf(op)) {
        outputNode(o);
      }
    }
    // collapsed, a tensor that enters a group is drawn once however many of its ops use it
    Map<String, Set<Variable>> entered = new LinkedHashMap<>();
    for (Op op : view.ops) {
      String to = target(op);
      for (Variable x : op.inputs()) {
        if (x.isLeaf() && view.isFolded(x) && !settings.expandScopes()) {
          continue;
        }
        String from = source(x);
        if (from.equals(to)) {
          continue; // inside a collapsed group
        }
        if (!settings.expandScopes()
            && !entered
                .computeIfAbsent(to, k -> Collections.newSetFromMap(new IdentityHashMap<>()))
                .add(x)) {
          continue;
        }
        carry(from, to, x);
      }
    }
    for (Variable o : view.outputs) {
      if (!o.isLeaf()) {
        carry(view.fromHidden(o) ? HIDDEN : target(o.creator()), id(o), o);
      }
    }
  }

  /** The node an edge into {@code op} ends at: its own circle or its group's box. */
  private String target(Op op) {
    String g = view.group(op);
    return g.isEmpty() || settings.expandScopes() ? id(op) : groupId(g);
  }

  private String source(Variable x) {
    if (x.isLeaf()) {
      return id(x);
    }
    return view.fromHidden(x) ? HIDDEN : target(x.creator());
  }

  private void carry(String from, String to, Variable x) {
    String value = settings.values() ? valueText(x) : null;
    String label = stackedLabel(value, gradientText(x));
    if (label == null) {
      edge(from, to);
    } else {
      edge(from, to, "label", label);
    }
  }

  private List<Variable> parameters(List<Op> ops) {
    List<Variable> params = new ArrayList<>();
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Op op : ops) {
      for (Variable x : op.inputs()) {
        if (x.isLeaf() && view.isFolded(x) && seen.add(x)) {
          params.add(x);
        }
      }
    }
    return params;
  }

  private void groupBox(String g) {
    List<Op> ops = groups.get(g);
    List<String> symbols = new ArrayList<>();
    for (Op op : ops) {
      String s = Labels.symbol(op);
      if (!symbols.contains(s)) {
        symbols.add(s);
      }
    }
    StringBuilder label = new StringBuilder("<<B>").append(Labels.html(g)).append("</B>");
    label
        .append("<BR/><FONT POINT-SIZE=\"11\">")
        .append(
            Labels.html(
                Labels.wrap(
                    listed(symbols) + (ops.size() == 1 ? " (1 op)" : " (" + ops.size() + " ops)"),
                    WRAP)))
        .append("</FONT>");
    // parameters: name and shape, and after backward the norm of their gradient in red
    List<Variable> params = parameters(ops);
    for (int i = 0; i < params.size(); i++) {
      Variable p = params.get(i);
      if (i == MAX_LISTED) {
        label.append("<BR/><FONT POINT-SIZE=\"10\" COLOR=\"").append(GRAY).append("\">");
        label.append("+").append(params.size() - MAX_LISTED).append(" more</FONT>");
        break;
      }
      String size =
          p.rank() == 0 ? "= " + Labels.number(p.value().item()) : Labels.shape(p.value());
      String text = p.name() != null ? p.name() + " " + size : size;
      label.append("<BR/><FONT POINT-SIZE=\"10\" COLOR=\"").append(GRAY).append("\">");
      label.append(Labels.html(text)).append("</FONT>");
      String grad = gradientText(p);
      if (grad != null) {
        label.append(" <FONT POINT-SIZE=\"10\" COLOR=\"").append(RED).append("\">");
        label.append(Labels.html(grad)).append("</FONT>");
      }
    }
    label.append('>');
    node(
        groupId(g),
        "label",
        label.toString(),
        "shape",
        "box",
        "margin",
        Labels.quoted("0.2,0.1"), // inches: room around the bold name whatever font draws it
        "style",
        "\"rounded,filled\"",
        "fillcolor",
        Labels.quoted("#eef3fb"));
  }

  private void cluster(String g) {
    out.append("  subgraph ").append(Labels.quoted("cluster_" + groupId(g))).append(" {\n");
    indent = "    ";
    out.append(indent)
        .append("graph [label=")
        .append(Labels.quoted(g))
        .append(", style=rounded, color=\"#999999\", fontcolor=\"#333333\", fontsize=13];\n");
    List<Op> ops = groups.get(g);
    for (Variable p : parameters(ops)) {
      leafNode(p);
    }
    for (Op op : ops) {
      opCircle(op);
    }
    indent = "  ";
    out.append("  }\n");
  }

  private static String listed(List<String> items) {
    if (items.size() <= MAX_LISTED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, MAX_LISTED))
        + ", +"
        + (items.size() - MAX_LISTED)
        + " more";
  }
}
