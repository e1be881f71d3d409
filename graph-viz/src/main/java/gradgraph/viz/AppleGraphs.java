package gradgraph.viz;

import gradgraph.core.BackwardOption;
import gradgraph.core.Op;
import gradgraph.core.Variable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The book's two shopping examples, built with graph-core ops, run forward and backward, and drawn:
 * the apple price (100 × 2 × 1.1 = 220) and the apple-orange price ((100 × 2 + 150 × 3) × 1.1 =
 * 715). The {@code apple} command of the launcher calls {@link #writeAll(Path)}.
 */
public final class AppleGraphs {
  private AppleGraphs() {}

  /**
   * Builds {@code price = apple × apple count × tax} with apple 100, count 2, tax 1.1, and runs
   * {@code backward(RETAIN_GRAD)} so every edge has its gradient.
   *
   * @return the output, named "price": 220
   */
  public static Variable apple() {
    Variable apple = Variable.scalar(100, "apple");
    Variable count = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable price = apple.mul(count).mul(tax).named("price");
    price.backward(BackwardOption.RETAIN_GRAD);
    return price;
  }

  /**
   * Builds {@code price = (apple × apple count + orange × orange count) × tax} with 100, 2, 150, 3
   * and 1.1, and runs {@code backward(RETAIN_GRAD)}.
   *
   * @return the output, named "price": 715
   */
  public static Variable appleOrange() {
    Variable apple = Variable.scalar(100, "apple");
    Variable appleCount = Variable.scalar(2, "apple count");
    Variable orange = Variable.scalar(150, "orange");
    Variable orangeCount = Variable.scalar(3, "orange count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable total = apple.mul(appleCount).add(orange.mul(orangeCount));
    Variable price = total.mul(tax).named("price");
    price.backward(BackwardOption.RETAIN_GRAD);
    return price;
  }

  /**
   * The diagram of one of these graphs, as the {@code apple} command draws it.
   *
   * @param price the output of {@link #apple()} or {@link #appleOrange()}
   * @param title the graph's name
   * @return the diagram, in the APPLE style
   */
  public static Diagram diagram(Variable price, String title) {
    return Diagram.of(price).style(Style.APPLE).title(title);
  }

  /**
   * Builds both graphs, runs them, and writes apple.{dot,svg,png} and apple-orange.{dot,svg,png}
   * into {@code dir}, rendering with {@link RenderEngine#AUTO}.
   *
   * @param dir the directory, created if missing
   * @return a printable summary of the values, the gradients and the files written
   * @throws IOException if a file cannot be written
   * @throws RenderException if no Graphviz engine works (the .dot files are written anyway)
   */
  public static String writeAll(Path dir) throws IOException {
    return writeAll(dir, RenderEngine.AUTO);
  }

  /**
   * As {@link #writeAll(Path)}, with a chosen engine.
   *
   * @param dir the directory, created if missing
   * @param engine the engine for SVG and PNG
   * @return a printable summary of the values, the gradients and the files written
   * @throws IOException if a file cannot be written
   * @throws RenderException if the engine does not work (the .dot files are written anyway)
   */
  public static String writeAll(Path dir, RenderEngine engine) throws IOException {
    Variable apple = apple();
    Variable appleOrange = appleOrange();
    Diagram a = diagram(apple, "apple").engine(engine);
    Diagram ao = diagram(appleOrange, "apple-orange").engine(engine);
    // the DOT files first: they need no engine, so they exist even if rendering fails
    List<Path> written = new ArrayList<>();
    written.add(a.writeDot(dir.resolve("apple.dot")));
    written.add(ao.writeDot(dir.resolve("apple-orange.dot")));
    written.add(a.writeSvg(dir.resolve("apple.svg")));
    written.add(a.writePng(dir.resolve("apple.png")));
    written.add(ao.writeSvg(dir.resolve("apple-orange.svg")));
    written.add(ao.writePng(dir.resolve("apple-orange.png")));
    StringBuilder sb = new StringBuilder();
    sb.append(summary("apple", apple)).append('\n');
    sb.append(summary("apple-orange", appleOrange)).append('\n');
    sb.append("wrote");
    for (Path p : written) {
      sb.append("\n  ").append(p);
    }
    return sb.append('\n').toString();
  }

  /**
   * Describes a graph's values and gradients, inputs first: each leaf's value and the derivative of
   * the output with respect to it, then each op's result.
   *
   * @param title a heading
   * @param output the output, after backward
   * @return lines of text
   */
  public static String summary(String title, Variable output) {
    String out = output.name() != null ? output.name() : "output";
    List<Variable> leaves = new ArrayList<>();
    List<Op> ops = GraphView.build(List.of(output), Style.APPLE, false, 0, Integer.MAX_VALUE).ops;
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Op op : ops) {
      for (Variable x : op.inputs()) {
        if (x.isLeaf() && seen.add(x)) {
          leaves.add(x);
        }
      }
    }
    int width = 0;
    for (Variable x : leaves) {
      width = Math.max(width, name(x).length());
    }
    StringBuilder sb = new StringBuilder();
    sb.append(title)
        .append(": ")
        .append(out)
        .append(" = ")
        .append(Labels.value(output.value()))
        .append('\n');
    for (Variable x : leaves) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s = %-8s d %s / d %s = %s%n",
              name(x),
              Labels.value(x.value()),
              out,
              name(x),
              x.grad() == null ? "(none)" : Labels.value(x.grad().value())));
    }
    for (Op op : ops) {
      Variable y = op.outputVariable();
      sb.append(
          String.format(
              Locale.ROOT,
              "  %s %s -> %s, gradient %s%n",
              Labels.symbol(op),
              operands(op),
              Labels.value(y.value()),
              y.grad() == null ? "(not kept)" : Labels.value(y.grad().value())));
    }
    return sb.toString().stripTrailing();
  }

  private static String operands(Op op) {
    List<String> parts = new ArrayList<>();
    for (Variable x : op.inputs()) {
      parts.add(Labels.value(x.value()));
    }
    return "(" + String.join(", ", parts) + ")";
  }

  private static String name(Variable v) {
    return v.name() != null ? v.name() : "?";
  }

  /**
   * Writes both figures into a directory and prints the summary: {@code AppleGraphs [DIR]}.
   *
   * @param args the directory (default: the current one)
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    System.out.print(writeAll(dir));
  }
}
