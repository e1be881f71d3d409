package gradgraph.viz;

import gradgraph.core.Op;
import gradgraph.core.Variable;

/**
 * The book's apple-price figure: leaves as plain labels, ops as circles, outputs' names on the
 * right; the value above each edge and, after backward, the gradient on a red edge drawn back
 * beneath it.
 */
final class ApplePainter extends Painter {
  ApplePainter(GraphView view, Settings settings) {
    super(view, settings);
  }

  @Override
  String howToRead() {
    return settings.gradients()
        ? "black: values flowing forward · red: gradients of the output flowing back"
        : "values flowing forward";
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
    for (Op op : view.ops) {
      for (Variable x : op.inputs()) {
        if (x.isLeaf() && !hasId(x)) {
          leafNode(x);
        }
      }
      opCircle(op);
      for (Variable o : outputsOf(op)) {
        outputNode(o);
      }
    }
    for (Op op : view.ops) {
      for (Variable x : op.inputs()) {
        carry(source(x), id(op), x);
      }
    }
    for (Variable o : view.outputs) {
      if (!o.isLeaf()) {
        carry(source(o), id(o), o);
      }
    }
  }

  private String source(Variable x) {
    if (x.isLeaf()) {
      return id(x);
    }
    return view.fromHidden(x) ? HIDDEN : id(x.creator());
  }

  /** The forward edge with the value, then the red gradient edge drawn back beneath it. */
  private void carry(String from, String to, Variable x) {
    String value = settings.values() ? edgeValue(x) : null;
    if (value == null) {
      edge(from, to);
    } else {
      edge(from, to, "label", Labels.quoted(value));
    }
    String grad = gradientText(x);
    if (grad != null) {
      edge(
          from,
          to,
          "label",
          Labels.quoted(grad),
          "dir",
          "back",
          "color",
          Labels.quoted(RED),
          "fontcolor",
          Labels.quoted(RED));
    }
  }

  private String edgeValue(Variable x) {
    String v = valueText(x);
    boolean namedIntermediate = !x.isLeaf() && x.name() != null && !view.isOutput(x);
    return namedIntermediate ? x.name() + " = " + v : v;
  }
}
