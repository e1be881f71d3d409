package gradgraph.examples;

import gradgraph.examples.ch02.Gates;
import gradgraph.examples.ch03.Activations;
import gradgraph.examples.ch04.GradientDescent;
import gradgraph.examples.ch04.NumericalTwoLayer;
import gradgraph.examples.ch05.Apple;
import gradgraph.examples.ch05.GradientCheck;
import gradgraph.examples.ch05.Train;
import gradgraph.examples.ch06.BatchNormCompare;
import gradgraph.examples.ch06.HyperparameterSearch;
import gradgraph.examples.ch06.Optimizers;
import gradgraph.examples.ch06.Overfitting;
import gradgraph.examples.ch06.WeightInit;
import gradgraph.examples.ch07.SimpleConvNetExample;
import gradgraph.examples.ch08.DeepConvNetExample;
import gradgraph.examples.ch08.FineTune;
import gradgraph.examples.sequel.LstmLm;
import gradgraph.examples.sequel.Seq2seqAttention;
import gradgraph.examples.sequel.Word2Vec;
import java.util.List;
import java.util.Optional;

/**
 * The registry of finished examples: the book's, in its order, then the sequel's (package {@code
 * gradgraph.examples.sequel}, named by the sequel's chapters), in its order.
 */
public final class Examples {
  private Examples() {}

  private static final List<Example> ALL =
      List.of(
          new Gates(),
          new Activations(),
          new GradientDescent(),
          new NumericalTwoLayer(),
          new Apple(),
          new GradientCheck(),
          new Train(),
          new Optimizers(),
          new WeightInit(),
          new BatchNormCompare(),
          new Overfitting(),
          new HyperparameterSearch(),
          new SimpleConvNetExample(),
          new DeepConvNetExample(),
          new FineTune(),
          new Word2Vec(),
          new LstmLm(),
          new Seq2seqAttention());

  /**
   * Lists every example, the book's then the sequel's, each in chapter order.
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
