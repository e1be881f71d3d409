package gradgraph.core.ops;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * Formats numbers as op symbols and diagrams show them: six significant digits, trailing zeros
 * dropped, plain between 1e-4 and 1e6 ({@code 2}, {@code 0.5}, {@code 0.3} for {@code 0.1 + 0.2}),
 * else a mantissa and a two-digit exponent as C's {@code %g} ({@code 1e-07}, {@code 1.23457e+08});
 * {@code nan}, {@code inf} and {@code -inf} for the others.
 */
public final class Constants {
  private Constants() {}

  /**
   * Formats a number to six significant digits.
   *
   * @param v the number
   * @return its text, e.g. {@code 1.1}, {@code 1e-07}, {@code 1.23457e+08}
   */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
    double a = Math.abs(d.doubleValue());
    if (a >= 1e-4 && a < 1e6) {
      return d.toPlainString();
    }
    // mantissa with up to six significant digits, then the exponent: 1.5e-07, 2.34568e+09
    int exponent = d.precision() - d.scale() - 1;
    BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
    return mantissa.toPlainString() + String.format(Locale.ROOT, "e%+03d", exponent);
  }
}
