package gradgraph.models.cli;

import gradgraph.core.Variable;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code gradgraph} command line. */
@Command(
    name = "gradgraph",
    mixinStandardHelpOptions = true,
    version = "gradgraph 0.1.0-SNAPSHOT",
    description = "A define-by-run autodiff engine for Java.",
    subcommands = {Main.Demo.class, Main.Apple.class})
public final class Main implements Callable<Integer> {
  @Spec CommandSpec spec;

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the command line without exiting, for tests.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Prints the book's apple and apple-orange graphs' values and gradients. */
  static int printApple(PrintWriter out) {
    Variable apple = Variable.scalar(100, "apple");
    Variable count = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");
    Variable price = apple.mul(count).mul(tax).named("price");
    price.backward();
    out.printf("apple: price %.6g%n", price.item());
    out.printf(
        "  d price/d apple %.6g, d price/d apple count %.6g, d price/d tax %.6g%n",
        apple.grad().item(), count.grad().item(), tax.grad().item());

    Variable apple2 = Variable.scalar(100, "apple");
    Variable appleCount = Variable.scalar(2, "apple count");
    Variable orange = Variable.scalar(150, "orange");
    Variable orangeCount = Variable.scalar(3, "orange count");
    Variable tax2 = Variable.scalar(1.1, "tax");
    Variable total = apple2.mul(appleCount).add(orange.mul(orangeCount));
    Variable price2 = total.mul(tax2).named("price");
    price2.backward();
    out.printf("apple-orange: price %.6g%n", price2.item());
    out.printf(
        "  d apple %.6g, d apple count %.6g, d orange %.6g, d orange count %.6g, d tax %.6g%n",
        apple2.grad().item(),
        appleCount.grad().item(),
        orange.grad().item(),
        orangeCount.grad().item(),
        tax2.grad().item());
    out.flush();
    return 0;
  }

  /** {@code gradgraph demo}. */
  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description = "Runs the main demo: the book's apple-price graphs, forward and backward.")
  static final class Demo implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return printApple(spec.commandLine().getOut());
    }
  }

  /** {@code gradgraph apple}. */
  @Command(
      name = "apple",
      mixinStandardHelpOptions = true,
      description =
          "Builds the book's apple and apple-orange graphs and prints values and gradients.")
  static final class Apple implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return printApple(spec.commandLine().getOut());
    }
  }
}
