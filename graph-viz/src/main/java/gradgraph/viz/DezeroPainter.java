package gradgraph.viz;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** DeZero's {@code get_dot_graph}: variables as orange ellipses, ops as light blue boxes. */
final class DezeroPainter extends Painter {
  private static final String VARIABLE_FILL = "#fdd49e";
  private static final String OP_FILL = "#c6dbef";

  DezeroPainter(GraphView view, Settings settings) {
    super(view, settings);
  }

  @Override
  String howToRead() {
    return "ellipses: variables · boxes: ops"
        + (settings.gradients() ? " · red: gradients of the output" : "");
  }

  @Override
  void body() {
    for (Variable o : view.outputs) {
      if ((o.isLeaf() || view.fromHidden(o)) && !hasId(o)) {
        variable(o);
      }
    }
    for (Op op : view.ops) {
      for (Variable x : op.inputs()) {
        if (x.isLeaf() && !hasId(x)) {
          variable(x);
        }
      }
      String name = op.name();
      String label = name.isEmpty() ? "op" : name.substring(0, 1).toUpperCase(Locale.ROOT);
      label += name.length() > 1 ? name.substring(1) : "";
      if (!op.attributes().isEmpty()) {
        label += "\n" + Labels.roundNumbers(op.attributes());
      }
      node(
          id(op),
          "label",
          Labels.quoted(label),
          "shape",
          "box",
          "style",
          "filled",
          "fillcolor",
          Labels.quoted(OP_FILL));
      variable(op.outputVariable());
    }
    for (Op op : view.ops) {
      for (Variable x : op.inputs()) {
        edge(view.fromHidden(x) ? HIDDEN : id(x), id(op));
      }
      edge(id(op), id(op.outputVariable()));
    }
    for (Variable o : view.outputs) {
      if (view.fromHidden(o)) {
        edge(HIDDEN, id(o));
      }
    }
  }

  private void variable(Variable v) {
    List<String> lines = new ArrayList<>();
    if (v.name() != null) {
      lines.add(Labels.html(Labels.wrap(v.name(), WRAP)));
    }
    if (settings.values()) {
      lines.add(Labels.html(Labels.wrap(Labels.value(v.value()), WRAP)));
      usedShapes |= v.rank() > 0 && Labels.value(v.value()).equals(Labels.shape(v.value()));
    }
    if (settings.shapes()) {
      lines.add(Labels.html(shapeLine(v)));
    }
    String grad = gradientText(v);
    if (grad != null) {
      lines.add("<FONT COLOR=\"" + RED + "\">grad " + Labels.html(grad) + "</FONT>");
    }
    String label = lines.isEmpty() ? "\"\"" : "<" + String.join("<BR/>", lines) + ">";
    node(
        id(v),
        "label",
        label,
        "shape",
        "ellipse",
        "style",
        "filled",
        "fillcolor",
        Labels.quoted(VARIABLE_FILL),
        "penwidth",
        view.isOutput(v) ? "2" : "1");
  }
}
