package gradgraph.examples;

import java.util.List;
import java.util.Optional;

/** The registry of finished examples, in the book's order. */
public final class Examples {
  private Examples() {}

  private static final List<Example> ALL =
      List.of(
          new gradgraph.examples.ch02.Gates(),
          new gradgraph.examples.ch03.Activations(),
          new gradgraph.examples.ch04.GradientDescent(),
          new gradgraph.examples.ch04.NumericalTwoLayer(),
          new gradgraph.examples.ch05.Apple(),
          new gradgraph.examples.ch05.GradientCheck(),
          new gradgraph.examples.ch05.Train(),
          new gradgraph.examples.ch06.Optimizers(),
          new gradgraph.examples.ch06.WeightInit(),
          new gradgraph.examples.ch06.BatchNormCompare(),
          new gradgraph.examples.ch06.Overfitting(),
          new gradgraph.examples.ch06.HyperparameterSearch(),
          new gradgraph.examples.ch07.SimpleConvNetExample(),
          new gradgraph.examples.ch08.DeepConvNetExample());

  /**
   * Lists every example, in the book's order.
   *
   * @return an unmodifiable list
   */
  public static List<Example> all() {
    return ALL;
  }

  /**
   * Finds an example by name.
   *
   * @param name e.g. {@code ch02-gates}
   * @return the example, or empty
   */
  public static Optional<Example> find(String name) {
    return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
