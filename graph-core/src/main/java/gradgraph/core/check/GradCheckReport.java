package gradgraph.core.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link GradCheck}: one {@link Entry} per checked input or parameter, each saying
 * whether the analytic gradient matches the numerical one and, if not, where it differs most.
 * {@link #toString()} is the readable report.
 *
 * @param order 1 for gradients, 2 for gradients of gradients
 * @param eps the central-difference step
 * @param atol the absolute tolerance
 * @param rtol the relative tolerance
 * @param promoted whether some FLOAT32 input was promoted to FLOAT64 for the check
 * @param entries one entry per input, in the order given
 */
public record GradCheckReport(
    int order, double eps, double atol, double rtol, boolean promoted, List<Entry> entries) {

  /**
   * The check of one input.
   *
   * @param input the input's name (its variable name, or {@code input N})
   * @param shape its shape
   * @param passed whether every element is within {@code atol + rtol·|numeric|}
   * @param maxAbsError the largest {@code |analytic − numeric|}
   * @param maxRelError the largest {@code |analytic − numeric| / max(|analytic|, |numeric|)}
   * @param worstIndex coordinates of the element furthest outside (or closest to) the tolerance
   * @param analytic the analytic gradient there
   * @param numeric the numerical gradient there
   */
  public record Entry(
      String input,
      int[] shape,
      boolean passed,
      double maxAbsError,
      double maxRelError,
      int[] worstIndex,
      double analytic,
      double numeric) {

    @Override
    public String toString() {
      String head =
          String.format(
              Locale.ROOT,
              "%s %s: %s  max abs err %.3e  max rel err %.3e",
              input,
              Arrays.toString(shape),
              passed ? "ok" : "FAILED",
              maxAbsError,
              maxRelError);
      if (worstIndex == null) {
        return head;
      }
      return head
          + String.format(
              Locale.ROOT,
              "  worst at %s: analytic %.9g, numeric %.9g",
              Arrays.toString(worstIndex),
              analytic,
              numeric);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && e.input.equals(input)
          && Arrays.equals(e.shape, shape)
          && e.passed == passed
          && Double.compare(e.maxAbsError, maxAbsError) == 0
          && Double.compare(e.maxRelError, maxRelError) == 0
          && Arrays.equals(e.worstIndex, worstIndex)
          && Double.compare(e.analytic, analytic) == 0
          && Double.compare(e.numeric, numeric) == 0;
    }

    @Override
    public int hashCode() {
      return input.hashCode() * 31 + Arrays.hashCode(worstIndex);
    }
  }

  /**
   * Tells whether every input passed.
   *
   * @return true when all entries passed
   */
  public boolean passed() {
    return entries.stream().allMatch(Entry::passed);
  }

  /**
   * Finds the entry of an input by name.
   *
   * @param input the name
   * @return the entry
   * @throws IllegalArgumentException when no input has that name
   */
  public Entry entry(String input) {
    return entries.stream()
        .filter(e -> e.input.equals(input))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "GradCheckReport: input: no input named '" + input + "'"));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "gradient check (%s, float64, eps=%.1e, atol=%.1e, rtol=%.1e): %s%n",
            order == 1 ? "first order" : "second order",
            eps,
            atol,
            rtol,
            passed() ? "passed" : "FAILED"));
    for (Entry e : entries) {
      sb.append("  ").append(e).append(System.lineSeparator());
    }
    if (promoted) {
      sb.append("  note: float32 inputs were promoted to float64 for the check")
          .append(System.lineSeparator());
    }
    return sb.toString().stripTrailing();
  }
}
