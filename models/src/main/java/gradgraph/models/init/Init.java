package gradgraph.models.init;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;

/**
 * The book's weight initializers (chapter 6.2): a constant standard deviation (its default 0.01),
 * Xavier ({@code 1/√n}, for sigmoid and tanh) and He ({@code √(2/n)}, for ReLU), where {@code n} is
 * the fan-in; all draw from a normal distribution with mean 0.
 */
public final class Init {
  private Init() {}

  /**
   * Normal with a fixed standard deviation: the book's {@code weight_init_std}.
   *
   * @param std the standard deviation, e.g. 0.01
   * @return the initializer
   */
  public static Initializer std(double std) {
    Errors.check(std >= 0 && Double.isFinite(std), "Init.std", "std", "must be >= 0, got " + std);
    return named(
        "std(" + std + ")", (rng, dtype, fanIn, shape) -> Tensor.randn(rng, dtype, 0, std, shape));
  }

  /**
   * Xavier (Glorot) as the book uses it: normal with standard deviation {@code 1/√fanIn}.
   *
   * @return the initializer
   */
  public static Initializer xavier() {
    return named(
        "xavier",
        (rng, dtype, fanIn, shape) ->
            Tensor.randn(rng, dtype, 0, Math.sqrt(1.0 / checkFan("Init.xavier", fanIn)), shape));
  }

  /**
   * He (Kaiming): normal with standard deviation {@code √(2/fanIn)}, for ReLU layers.
   *
   * @return the initializer
   */
  public static Initializer he() {
    return named(
        "he",
        (rng, dtype, fanIn, shape) ->
            Tensor.randn(rng, dtype, 0, Math.sqrt(2.0 / checkFan("Init.he", fanIn)), shape));
  }

  /**
   * Parses a name as the command line gives it: {@code he}, {@code xavier}, or a number for a
   * constant standard deviation ({@code 0.01}).
   *
   * @param name the name
   * @return the initializer
   */
  public static Initializer parse(String name) {
    switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "he":
      case "relu":
        return he();
      case "xavier":
      case "sigmoid":
        return xavier();
      default:
        try {
          return std(Double.parseDouble(name.trim()));
        } catch (NumberFormatException e) {
          throw Errors.illegalArgument(
              "Init.parse", "name", "'" + name + "' is not he, xavier or a standard deviation");
        }
    }
  }

  private static int checkFan(String op, int fanIn) {
    Errors.check(fanIn > 0, op, "fanIn", "must be > 0, got " + fanIn);
    return fanIn;
  }

  private static Initializer named(String name, Initializer f) {
    return new Initializer() {
      @Override
      public Tensor draw(
          org.apache.commons.math3.random.RandomGenerator rng,
          gradgraph.core.tensor.DType dtype,
          int fanIn,
          int... shape) {
        return f.draw(rng, dtype, fanIn, shape);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
