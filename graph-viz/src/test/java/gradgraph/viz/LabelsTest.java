package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LabelsTest {
  @Test
  void numbersHaveSixSignificantDigitsAndNoTrailingZeros() {
    assertEquals("100", Labels.number(100));
    assertEquals("1.1", Labels.number(1.1));
    assertEquals("220", Labels.number(100 * 2 * 1.1)); // 220.00000000000003
    assertEquals("2.2", Labels.number(2 * 1.1)); // 2.2000000000000002
    assertEquals("110", Labels.number(100 * 1.1)); // 110.00000000000001
    assertEquals("0.333333", Labels.number(1.0 / 3));
    assertEquals("-123457", Labels.number(-123456.7));
    assertEquals("0.0001", Labels.number(1e-4));
    assertEquals("1.5e-07", Labels.number(1.5e-7));
    assertEquals("1e+06", Labels.number(999999.7));
    assertEquals("2.34568e+09", Labels.number(2345678901.0));
    assertEquals("0", Labels.number(-0.0));
    assertEquals("nan", Labels.number(Double.NaN));
    assertEquals("-inf", Labels.number(Double.NEGATIVE_INFINITY));
  }

  @Test
  void constantsEverywhereOnTheDiagramHaveSixSignificantDigits() {
    assertEquals("0.3", Labels.number(0.1 + 0.2)); // 0.30000000000000004
    assertEquals("1e-07", Labels.number(1e-7));
    assertEquals("1.23457e+08", Labels.number(123456789));
    Variable x = Variable.scalar(2, "x");
    // op symbols carry their constants: the core ops write them in full
    assertEquals("×0.3", Labels.symbol(x.mul(0.1 + 0.2).creator()));
    assertEquals("+1e-07", Labels.symbol(x.add(1e-7).creator()));
    assertEquals("×1.23457e+08", Labels.symbol(x.mul(123456789).creator()));
    assertEquals("−0.333333", Labels.symbol(x.add(-1.0 / 3).creator()));
    assertEquals("^0.3", Labels.symbol(x.pow(0.1 + 0.2).creator()));
    // the same value on an edge, in a tensor, in a symbol and in DeZero's op box
    Variable y = Variable.scalar(0.1 + 0.2, "y");
    assertEquals("0.3", Labels.value(y.value()));
    assertEquals("[0.3, 1e-07]", Labels.value(Tensor.vector(0.1 + 0.2, 1e-7)));
    String dezero = Diagram.of(x.pow(0.1 + 0.2)).style(Style.DEZERO).toDot();
    assertTrue(dezero.contains("p=0.3"), dezero);
    assertFalse(dezero.contains("0.30000000000000004"), dezero);
    String apple = Diagram.of(x.mul(0.1 + 0.2)).toDot();
    assertTrue(apple.contains("label=\"×0.3\""), apple);
    assertFalse(apple.contains("0.30000000000000004"), apple);
  }

  @Test
  void numbersInsideWordsAreNotRounded() {
    assertEquals("conv2d f32 x² 3x3", Labels.roundNumbers("conv2d f32 x² 3x3"));
    assertEquals("p=0.3, q=1e+06", Labels.roundNumbers("p=0.30000000000000004, q=999999.99"));
    assertEquals("v1.2.3", Labels.roundNumbers("v1.2.3"));
  }

  @Test
  void longTextIsWrappedAtCommasAndSpaces() {
    assertEquals("conv, ReLU,\nmax pool,\naffine", Labels.wrap("conv, ReLU, max pool, affine", 12));
    assertEquals("short", Labels.wrap("short", 12));
    assertEquals("averyveryverylongword\nx", Labels.wrap("averyveryverylongword x", 8));
    assertEquals("a b\nc", Labels.wrap("a b\nc", 3));
  }

  @Test
  void tensorsShowValuesUpToFourElementsAndShapesBeyond() {
    assertEquals("2.5", Labels.value(Tensor.scalar(2.5)));
    assertEquals("[1, 2.5]", Labels.value(Tensor.vector(1, 2.5)));
    assertEquals("[[1, 2], [3, 4]]", Labels.value(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2)));
    assertEquals("[100, 10]", Labels.value(Tensor.zeros(DType.FLOAT32, 100, 10)));
    assertEquals("[5]", Labels.value(Tensor.zeros(DType.FLOAT64, 5)));
    assertEquals("[0, 3]", Labels.value(Tensor.zeros(DType.FLOAT64, 0, 3)));
    assertEquals("[100, 10] float32", Labels.shapeAndDtype(Tensor.zeros(DType.FLOAT32, 100, 10)));
  }

  @Test
  void largeGradientsShowTheirNorm() {
    assertEquals("[3, 4]", Labels.gradient(Tensor.vector(3, 4)));
    assertEquals("‖g‖ 5", Labels.gradient(Tensor.of(new double[] {3, 4, 0, 0, 0}, 5)));
  }

  @Test
  void opsWithoutTheirOwnSymbolGetAKnownOneOrTheirName() {
    Variable x = Variable.scalar(1);
    assertEquals("×", Labels.symbol(x.mul(x).creator()));
    assertEquals("σ", Labels.symbol(new Named("sigmoid").applyTo(x)));
    assertEquals("ReLU", Labels.symbol(new Named("relu").applyTo(x)));
    assertEquals("myOp", Labels.symbol(new Named("myOp").applyTo(x)));
  }

  @Test
  void textIsEscapedForDot() {
    assertEquals("\"say \\\"hi\\\"\\\\n\\n\"", Labels.quoted("say \"hi\"\\n\n"));
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot;<BR/>d", Labels.html("a <b> & \"c\"\nd"));
  }

  /** An op that keeps the default symbol, its name. */
  private static final class Named extends Op {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    Op applyTo(Variable x) {
      return apply(x).creator();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor forward(Tensor... x) {
      return x[0];
    }

    @Override
    protected Variable[] backward(Variable gy) {
      return new Variable[] {gy};
    }
  }
}
