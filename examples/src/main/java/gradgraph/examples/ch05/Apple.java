package gradgraph.examples.ch05;

import gradgraph.core.BackwardOption;
import gradgraph.core.Variable;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.viz.Diagram;
import gradgraph.viz.RenderException;
import gradgraph.viz.Style;
import java.io.IOException;

/**
 * Chapter 5: the shopping graphs. Two apples at 100 with 10 % tax cost 220; backward gives how much
 * the price moves per unit of each input (2.2 per yen of apple, 110 per apple, 200 per unit of
 * tax). With three oranges at 150 added, 715. Both graphs are drawn in the book's style: forward
 * values above each edge, gradients below in red.
 */
public final class Apple implements Example {
  /** Creates the example. */
  public Apple() {}

  @Override
  public String name() {
    return "ch05-apple";
  }

  @Override
  public String description() {
    return "the apple and apple-orange graphs, forward and backward, drawn";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    ExampleResult result = new ExampleResult();

    Variable apple = Variable.scalar(100, "apple");
    Variable appleNum = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable price = apple.mul(appleNum).mul(tax).named("price");
    price.backward(BackwardOption.RETAIN_GRAD); // keep every edge's gradient, to draw it
    ctx.println("price: %s", fmt(price.item()));
    ctx.println("dApple: %s", fmt(apple.grad().item()));
    ctx.println("dApple_num: %s", fmt(appleNum.grad().item()));
    ctx.println("dTax: %s", fmt(tax.grad().item()));
    result.put("apple price", price.item());
    result.put("dApple", apple.grad().item());
    result.put("dApple_num", appleNum.grad().item());
    result.put("dTax", tax.grad().item());
    draw(ctx, result, price, "apple");

    Variable apple2 = Variable.scalar(100, "apple");
    Variable appleNum2 = Variable.scalar(2, "apple count");
    Variable orange = Variable.scalar(150, "orange");
    Variable orangeNum = Variable.scalar(3, "orange count");
    Variable tax2 = Variable.scalar(1.1, "tax");
    Variable total = apple2.mul(appleNum2).add(orange.mul(orangeNum));
    Variable price2 = total.mul(tax2).named("price");
    price2.backward(BackwardOption.RETAIN_GRAD);
    ctx.println("price: %s", fmt(price2.item()));
    ctx.println(
        "dApple: %s  dApple_num: %s  dOrange: %s  dOrange_num: %s  dTax: %s",
        fmt(apple2.grad().item()),
        fmt(appleNum2.grad().item()),
        fmt(orange.grad().item()),
        fmt(orangeNum.grad().item()),
        fmt(tax2.grad().item()));
    result.put("apple-orange price", price2.item());
    result.put("dOrange", orange.grad().item());
    result.put("dOrange_num", orangeNum.grad().item());
    result.put("dTax (apple-orange)", tax2.grad().item());
    draw(ctx, result, price2, "apple-orange");
    return result;
  }

  /** Writes the DOT text always, and the PNG when a Graphviz engine works. */
  private static void draw(ExampleContext ctx, ExampleResult result, Variable price, String name)
      throws IOException {
    Diagram d = Diagram.of(price).style(Style.APPLE).title(name);
    result.file(d.writeDot(ctx.file(name + ".dot")));
    try {
      result.file(d.writePng(ctx.file(name + ".png")));
    } catch (RenderException e) {
      ctx.println("%s.png not drawn: %s (the .dot file is there)", name, e.getMessage());
    }
  }

  /** Rounds away float noise: 2.2000000000000002 prints as 2.2, as Python rounds for display. */
  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.10g", v).replaceAll("\\.?0+$", "");
  }
}
