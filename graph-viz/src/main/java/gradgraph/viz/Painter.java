package gradgraph.viz;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one style's DOT text. Node ids are handed out in the order nodes are first written ({@code
 * v0, v1, …} for variables, {@code f0, …} for ops, {@code g0, …} for groups), and everything is
 * iterated in list order, so the same graph always gives the same text.
 */
abstract class Painter {
  static final String RED = "#d62728";
  static final String GRAY = "#555555";
  static final String HIDDEN = "hidden";

  final GraphView view;
  final Settings settings;
  final StringBuilder out = new StringBuilder();
  private final Map<Object, String> ids = new IdentityHashMap<>();
  private final Map<String, String> groupIds = new HashMap<>();
  private int nextVariable;
  private int nextOp;
  private int nextGroup;

  /** What statements are indented by: deeper inside a cluster. */
  String indent = "  ";

  /** Set by painters when some label shows a shape or a gradient norm, for the legend. */
  boolean usedShapes;

  /** Set when an edge that should carry a gradient has none (intermediates not retained). */
  boolean missingGradient;

  /** Set when some edge carries a gradient. */
  boolean anyGradient;

  /** What the painter wrote, measured, to resolve {@link Rankdir#AUTO}. */
  private final Layout layout = new Layout();

  /** Label lines longer than this many characters are wrapped (values, op lists, names). */
  static final int WRAP = 28;

  Painter(GraphView view, Settings settings) {
    this.view = view;
    this.settings = settings;
  }

  static String paint(GraphView view, Settings settings) {
    Painter p =
        switch (settings.style()) {
          case APPLE -> new ApplePainter(view, settings);
          case DEZERO -> new DezeroPainter(view, settings);
          case COMPACT -> new CompactPainter(view, settings);
        };
    return p.write();
  }

  /** Writes nodes and edges, one statement a line, indented by two spaces. */
  abstract void body();

  /** The legend's first line, saying how to read this style. */
  abstract String howToRead();

  private String write() {
    StringBuilder header = new StringBuilder();
    header
        .append("  node [fontname=\"sans-serif\", fontsize=14];\n")
        .append("  edge [fontname=\"sans-serif\", fontsize=12, arrowsize=0.7];\n");
    if (view.hiddenNodes > 0) {
      out.append("  ")
          .append(HIDDEN)
          .append(" [label=")
          .append(
              Labels.quoted(
                  String.format(
                      Locale.ROOT,
                      "… %,d more nodes hidden\n(node budget %,d: raise it with nodeBudget)",
                      view.hiddenNodes,
                      settings.budget())))
          .append(", shape=note, style=dashed, fontsize=12, fontcolor=")
          .append(Labels.quoted(GRAY))
          .append("];\n");
      layout.node(HIDDEN, null, 12, 0, 200);
    }
    body();
    // AUTO is resolved once every node is measured; the graph line still comes first
    Rankdir dir = layout.resolve(settings.rankdir());
    StringBuilder head = new StringBuilder();
    head.append("digraph ").append(Labels.quoted(settings.title())).append(" {\n");
    if (settings.legend()) {
      // top to bottom, the legend would be the widest thing in the picture: wrap it
      boolean column = dir == Rankdir.TB || dir == Rankdir.BT;
      String legend = column ? Labels.wrap(legend(), 2 * WRAP) : legend();
      head.append("  label=").append(Labels.quoted(legend)).append(";\n");
      head.append("  labelloc=b;\n");
    }
    head.append("  graph [rankdir=")
        .append(dir.name())
        .append(", nodesep=0.35, ranksep=0.8, fontname=\"sans-serif\", fontsize=11, fontcolor=")
        .append(Labels.quoted(GRAY))
        .append("];\n")
        .append(header);
    return head.append(out).append("}\n").toString();
  }

  private String legend() {
    List<String> lines = new ArrayList<>();
    if (!anyGradient && !anyGradientInGraph()) {
      lines.add(
          howToRead()
              + " (no backward pass yet, so no gradients:"
              + " run backward(BackwardOption.RETAIN_GRAD), then draw)");
    } else {
      lines.add(howToRead());
    }
    if (missingGradient) {
      lines.add(
          "some intermediate gradients were not kept:"
              + " run backward(BackwardOption.RETAIN_GRAD) to see them");
    }
    if (usedShapes) {
      lines.add("[a, b]: the shape of a tensor of more than 4 elements; ‖g‖: the L2 norm");
    }
    return String.join("\n", lines);
  }

  private boolean anyGradientInGraph() {
    for (Variable v : view.variables()) {
      if (v.grad() != null) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- ids

  String id(Variable v) {
    return ids.computeIfAbsent(v, k -> "v" + nextVariable++);
  }

  String id(Op op) {
    return ids.computeIfAbsent(op, k -> "f" + nextOp++);
  }

  String groupId(String group) {
    return groupIds.computeIfAbsent(group, k -> "g" + nextGroup++);
  }

  boolean hasId(Object o) {
    return ids.containsKey(o);
  }

  // ---------------------------------------------------------------- labels

  /**
   * The value text of a variable's edge or node, with shape and dtype when asked; lines longer than
   * {@value #WRAP} characters wrapped.
   */
  String valueText(Variable v) {
    return Labels.wrap(unwrappedValueText(v), WRAP);
  }

  private String unwrappedValueText(Variable v) {
    String value = Labels.value(v.value());
    boolean byShape = v.rank() > 0 && value.equals(Labels.shape(v.value()));
    usedShapes |= byShape;
    if (!settings.shapes()) {
      return value;
    }
    String dtype = v.dtype().name().toLowerCase(Locale.ROOT);
    if (byShape) {
      return value + " " + dtype;
    }
    return value + "\n" + (v.rank() == 0 ? "scalar " + dtype : Labels.shapeAndDtype(v.value()));
  }

  /**
   * The gradient text of a variable, or null when none is shown; notes a missing one for the
   * legend.
   */
  String gradientText(Variable v) {
    if (!settings.gradients()) {
      return null;
    }
    Variable g = v.grad();
    if (g == null) {
      if (v.requiresGrad() && !v.isLeaf()) {
        missingGradient = true;
      }
      return null;
    }
    anyGradient = true;
    String text = Labels.gradient(g.value());
    usedShapes |= text.startsWith("‖");
    return Labels.wrap(text, WRAP);
  }

  /** An edge label with the value over the gradient in red, as a DOT HTML label; null if empty. */
  String stackedLabel(String value, String gradient) {
    if (value == null && gradient == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder("<");
    if (value != null) {
      sb.append(Labels.html(value));
    }
    if (gradient != null) {
      if (value != null) {
        sb.append("<BR/>");
      }
      sb.append("<FONT COLOR=\"").append(RED).append("\">");
      sb.append(Labels.html(gradient)).append("</FONT>");
    }
    return sb.append(">").toString();
  }

  // ---------------------------------------------------------------- statements

  /** Writes {@code id [attrs];}. Attributes come as name, value pairs, values already quoted. */
  void node(String id, String... attrs) {
    String shape = attr(attrs, "shape");
    String size = attr(attrs, "fontsize");
    boolean circle = "circle".equals(shape);
    boolean box = "box".equals(shape) || "ellipse".equals(shape);
    layout.node(
        id,
        attr(attrs, "label"),
        size != null ? Double.parseDouble(size) : 14,
        box ? 14 : circle ? 8 : 4,
        circle ? 36 : 20);
    statement(id, attrs);
  }

  void edge(String from, String to, String... attrs) {
    layout.edge(from, to, attr(attrs, "label"), 12);
    statement(from + " -> " + to, attrs);
  }

  private static String attr(String[] attrs, String name) {
    for (int i = 0; i < attrs.length; i += 2) {
      if (attrs[i].equals(name)) {
        return attrs[i + 1];
      }
    }
    return null;
  }

  private void statement(String head, String... attrs) {
    out.append(indent).append(head);
    if (attrs.length > 0) {
      out.append(" [");
      for (int i = 0; i < attrs.length; i += 2) {
        if (i > 0) {
          out.append(", ");
        }
        out.append(attrs[i]).append('=').append(attrs[i + 1]);
      }
      out.append(']');
    }
    out.append(";\n");
  }

  /** A plain text node for a leaf: its name, or its value in gray when it has none. */
  void leafNode(Variable v) {
    if (v.name() != null) {
      String name = Labels.wrap(v.name(), WRAP);
      String label = settings.shapes() ? name + "\n" + shapeLine(v) : name;
      node(id(v), "label", Labels.quoted(label), "shape", "plaintext");
    } else {
      node(
          id(v),
          "label",
          Labels.quoted(valueText(v)),
          "shape",
          "plaintext",
          "fontcolor",
          Labels.quoted(GRAY));
    }
  }

  String shapeLine(Variable v) {
    String dtype = v.dtype().name().toLowerCase(Locale.ROOT);
    return v.rank() == 0 ? "scalar " + dtype : Labels.shapeAndDtype(v.value());
  }

  /** A circle holding the op's symbol. */
  void opCircle(Op op) {
    String tip =
        Labels.roundNumbers(op.toString()) + (op.scope().isEmpty() ? "" : " in " + op.scope());
    node(
        id(op),
        "label",
        Labels.quoted(Labels.symbol(op)),
        "shape",
        "circle",
        "fontsize",
        "16",
        "tooltip",
        Labels.quoted(tip));
  }

  /** The output's name (or "output") as plain text on the right. */
  void outputNode(Variable out) {
    String name = out.name() != null ? out.name() : "output";
    node(id(out), "label", Labels.quoted(name), "shape", "plaintext");
  }

  /** The variables in {@link GraphView#outputs} computed by {@code op}. */
  List<Variable> outputsOf(Op op) {
    List<Variable> list = new ArrayList<>();
    for (Variable o : view.outputs) {
      if (o.creator() == op) {
        list.add(o);
      }
    }
    return list;
  }
}
