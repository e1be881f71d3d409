package gradgraph.viz;

import gradgraph.core.Op;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text on the diagram: numbers to six significant digits, tensors by value or by shape. */
final class Labels {
  /** Tensors with at most this many elements are labelled by value, larger ones by shape. */
  static final int MAX_VALUE_ELEMENTS = 4;

  /** Symbols for ops that do not override {@link Op#symbol()}, keyed by {@link Op#name()}. */
  private static final Map<String, String> SYMBOLS =
      Map.ofEntries(
          Map.entry("add", "+"),
          Map.entry("sub", "−"),
          Map.entry("mul", "×"),
          Map.entry("div", "÷"),
          Map.entry("matMul", "dot"),
          Map.entry("relu", "ReLU"),
          Map.entry("reLU", "ReLU"),
          Map.entry("sigmoid", "σ"),
          Map.entry("tanh", "tanh"),
          Map.entry("conv2d", "conv"),
          Map.entry("conv2D", "conv"),
          Map.entry("softmax", "softmax"),
          Map.entry("maxPool2d", "max pool"),
          Map.entry("avgPool2d", "avg pool"));

  /**
   * A decimal number standing on its own in a text: not part of a word such as {@code conv2d} or
   * {@code f32}; its sign, if any, is left to the text ({@code +} or {@code −} is often the op).
   */
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w.])\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?(?![\\w.])");

  private Labels() {}

  /**
   * Formats a number as the book prints it: {@code 100}, {@code 1.1}, {@code 220}; six significant
   * digits, no trailing zeros, scientific notation outside [1e-4, 1e6).
   */
  static String number(double v) {
    return gradgraph.core.ops.Constants.format(v);
  }

  /** A tensor by value (scalars, at most four elements) or by shape: {@code [100, 10]}. */
  static String value(Tensor t) {
    if (t.rank() == 0) {
      return number(t.item());
    }
    if (t.size() == 0 || t.size() > MAX_VALUE_ELEMENTS) {
      return shape(t);
    }
    StringBuilder sb = new StringBuilder();
    appendNested(sb, t.toDoubleArray(), t.shape(), 0, 0);
    return sb.toString();
  }

  /** A gradient: by value when small, otherwise its L2 norm, {@code ‖g‖ 0.0123}. */
  static String gradient(Tensor g) {
    if (g.rank() == 0 || (g.size() > 0 && g.size() <= MAX_VALUE_ELEMENTS)) {
      return value(g);
    }
    double sum = 0;
    for (double x : g.toDoubleArray()) {
      sum += x * x;
    }
    return "‖g‖ " + number(Math.sqrt(sum));
  }

  /** The shape as a list: {@code [100, 10]}; {@code []} for a scalar. */
  static String shape(Tensor t) {
    return Arrays.toString(t.shape());
  }

  /** Shape and dtype: {@code [100, 10] float32}. */
  static String shapeAndDtype(Tensor t) {
    return shape(t) + " " + t.dtype().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The symbol drawn for an op: its own, else a known one for its name, else its name; the
   * constants in it to six significant digits, as every number on the diagram ({@code ×0.3} for a
   * multiplication by {@code 0.1 + 0.2}).
   */
  static String symbol(Op op) {
    String s = op.symbol();
    if (s == null || s.isEmpty() || s.equals(op.name())) {
      String known = SYMBOLS.get(op.name());
      s = known != null ? known : (s == null || s.isEmpty() ? op.name() : s);
    }
    return roundNumbers(s);
  }

  /**
   * Rewrites every number in a text to six significant digits ({@link #number(double)}): {@code
   * ×0.30000000000000004} becomes {@code ×0.3}, {@code +0.0000001} {@code +1e-07}.
   */
  static String roundNumbers(String text) {
    Matcher m = NUMBER.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(number(Double.parseDouble(m.group()))));
    }
    return m.appendTail(sb).toString();
  }

  /**
   * Breaks a text into lines of at most {@code width} characters where it can: after {@code ", "}
   * or at a space; a word longer than the width stays whole. Existing line breaks are kept.
   */
  static String wrap(String text, int width) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    String[] lines = text.split("\n", -1);
    for (int l = 0; l < lines.length; l++) {
      if (l > 0) {
        out.append('\n');
      }
      String line = lines[l];
      int start = 0;
      while (line.length() - start > width) {
        int cut = line.lastIndexOf(' ', start + width);
        if (cut <= start) {
          cut = line.indexOf(' ', start + width);
          if (cut < 0) {
            break;
          }
        }
        out.append(line, start, cut).append('\n');
        start = cut + 1;
      }
      out.append(line, start, line.length());
    }
    return out.toString();
  }

  private static int appendNested(StringBuilder sb, double[] d, int[] shape, int dim, int at) {
    sb.append('[');
    for (int i = 0; i < shape[dim]; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (dim == shape.length - 1) {
        sb.append(number(d[at++]));
      } else {
        at = appendNested(sb, d, shape, dim + 1, at);
      }
    }
    sb.append(']');
    return at;
  }

  /** Escapes text for a quoted DOT string. */
  static String quoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> {}
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** Escapes text for a DOT HTML-like label. */
  static String html(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\n' -> sb.append("<BR/>");
        case '\r' -> {}
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
