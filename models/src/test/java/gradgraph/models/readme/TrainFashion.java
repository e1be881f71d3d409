package gradgraph.models.readme;

import gradgraph.models.data.FashionMnist;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.train.History;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.TwoLayerNet;

/** The README's complete small program: train the book's TwoLayerNet on bundled data. */
public final class TrainFashion {
  private TrainFashion() {}

  /**
   * Trains TwoLayerNet on the bundled Fashion-MNIST sample and prints its test accuracy.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    IdxDatasets.TrainTest data = FashionMnist.sample(); // 2 000 + 500 images, in the jar
    TwoLayerNet net = new TwoLayerNet(784, 50, 10, 42); // the book's ch. 5 network

    History history =
        new Trainer()
            .epochs(20)
            .batchSize(100)
            .optimizer("sgd")
            .lr(0.1)
            .seed(42)
            .fit(net, data.train(), data.test()); // prints "=== epoch:1, train acc:..." lines

    System.out.printf("test accuracy %.3f%n", history.finalTestAccuracy());
  }
}
