package gradgraph.core.check;

import gradgraph.core.Variable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Assertions for users' own tests: they throw {@link AssertionError} whose message is the {@link
 * GradCheckReport}, so a failing test says which input and which element disagree.
 *
 * <pre>{@code
 * GradAssertions.assertGradientsMatch(x -> myLayer(x[0], x[1]), input, weight);
 * }</pre>
 */
public final class GradAssertions {
  private GradAssertions() {}

  /**
   * Asserts that backward matches central differences for every input, with default tolerances.
   *
   * @param f the function
   * @param inputs the points at which to check
   * @return the report, for further assertions
   */
  public static GradCheckReport assertGradientsMatch(
      Function<Variable[], Variable> f, Variable... inputs) {
    return assertPassed(GradCheck.defaults().check(f, inputs));
  }

  /**
   * Asserts that second derivatives match, with default tolerances.
   *
   * @param f the function
   * @param inputs the points at which to check
   * @return the report
   */
  public static GradCheckReport assertSecondOrderGradientsMatch(
      Function<Variable[], Variable> f, Variable... inputs) {
    return assertPassed(GradCheck.defaults().checkSecondOrder(f, inputs));
  }

  /**
   * Asserts that a loss's gradients with respect to parameters match, with default tolerances.
   *
   * @param loss computes the loss from the parameters
   * @param parameters the parameters
   * @return the report
   */
  public static GradCheckReport assertLossGradientsMatch(
      Supplier<Variable> loss, Variable... parameters) {
    return assertPassed(GradCheck.defaults().checkLoss(loss, parameters));
  }

  /**
   * Throws when a report failed.
   *
   * @param report the report
   * @return the same report when it passed
   */
  public static GradCheckReport assertPassed(GradCheckReport report) {
    if (!report.passed()) {
      throw new AssertionError(report.toString());
    }
    return report;
  }
}
