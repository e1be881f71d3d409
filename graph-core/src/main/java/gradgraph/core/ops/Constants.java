package gradgraph.core.ops;

import java.math.BigDecimal;

/** Formats constants for op symbols: {@code 2}, {@code 0.5}, {@code 1.1}. */
final class Constants {
  private Constants() {}

  static String format(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
