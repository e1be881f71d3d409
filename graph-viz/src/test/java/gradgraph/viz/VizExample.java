package gradgraph.viz;

import gradgraph.core.BackwardOption;
import gradgraph.core.Variable;
import java.io.IOException;
import java.nio.file.Path;

/** The example of docs/viz.md, kept here so a test compiles and runs it. */
public final class VizExample {
  private VizExample() {}

  /**
   * Runs the example.
   *
   * @param args the directory to write into
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    // DOCS-BEGIN
    Variable apple = Variable.scalar(100, "apple");
    Variable count = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable price = apple.mul(count).mul(tax).named("price");
    price.backward(BackwardOption.RETAIN_GRAD); // keep every edge's gradient for the drawing

    Diagram diagram = Diagram.of(price); // the APPLE style: values above, gradients in red
    diagram.write(dir.resolve("apple.svg")); // or .png, .pdf, or .dot (which needs no Graphviz)
    System.out.println(diagram.toDot());
    // DOCS-END
  }
}
