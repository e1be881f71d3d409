package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
