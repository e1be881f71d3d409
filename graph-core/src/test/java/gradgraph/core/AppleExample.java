package gradgraph.core;

/** The README's apple-price example, kept here so a test compiles and runs it. */
public final class AppleExample {
  private AppleExample() {}

  /**
   * Runs the example.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    // README-BEGIN
    Variable apple = Variable.scalar(100, "apple");
    Variable count = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");

    Variable price = apple.mul(count).mul(tax).named("price"); // forward: 220
    price.backward(); // backward: d price / d each input

    System.out.printf("price %.4g%n", price.item()); // 220
    System.out.printf("d apple %.4g%n", apple.grad().item()); // 2.2
    System.out.printf("d count %.4g%n", count.grad().item()); // 110
    System.out.printf("d tax %.4g%n", tax.grad().item()); // 200
    // README-END
  }
}
