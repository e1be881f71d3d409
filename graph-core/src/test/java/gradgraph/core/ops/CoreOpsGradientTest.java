package gradgraph.core.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.check.GradCheck;
import gradgraph.core.check.GradCheckReport;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** First- and second-order gradient checks of graph-core's primitives, broadcasting included. */
class CoreOpsGradientTest {

  private static Variable rnd(long seed, double lo, double hi, int... shape) {
    return new Variable(Tensor.rand(new Well19937c(seed), DType.FLOAT64, lo, hi, shape));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("add broadcast", v -> v[0].add(v[1]), rnd(1, -1, 1, 2, 3), rnd(2, -1, 1, 3)),
        c("add scalar shape", v -> v[0].add(v[1]), rnd(1, -1, 1, 7), rnd(2, -1, 1)),
        c("sub broadcast", v -> v[0].sub(v[1]), rnd(3, -1, 1, 2, 1), rnd(4, -1, 1, 1, 3)),
        c("mul broadcast", v -> v[0].mul(v[1]), rnd(5, -1, 1, 4, 3), rnd(6, -1, 1, 4, 1)),
        c("div", v -> v[0].div(v[1]), rnd(7, -1, 1, 2, 3), rnd(8, 0.5, 2, 3)),
        c("neg", v -> v[0].neg(), rnd(9, -1, 1, 13)),
        c("pow 3", v -> v[0].pow(3), rnd(10, -2, 2, 2, 3)),
        c("pow -0.5", v -> v[0].pow(-0.5), rnd(11, 0.5, 2, 5)),
        c("square", v -> v[0].square(), rnd(12, -2, 2, 3, 1)),
        c("exp", v -> v[0].exp(), rnd(13, -1, 1, 2, 2)),
        c("log", v -> v[0].log(), rnd(14, 0.5, 3, 4)),
        c("add/mul scalar", v -> v[0].mul(2.5).add(-1.0).div(4.0).sub(3.0), rnd(15, -1, 1, 3)),
        c("matmul", v -> v[0].matmul(v[1]), rnd(16, -1, 1, 7, 13), rnd(17, -1, 1, 13, 5)),
        c(
            "matmul batched broadcast",
            v -> v[0].matmul(v[1]),
            rnd(18, -1, 1, 3, 2, 4),
            rnd(19, -1, 1, 4, 5)),
        c(
            "matmul transposed",
            v -> new MatMul(true, true).apply(v[0], v[1]),
            rnd(20, -1, 1, 4, 2),
            rnd(21, -1, 1, 3, 4)),
        c("sum all", v -> v[0].sum(), rnd(22, -1, 1, 2, 3, 4)),
        c("sum axes keepDims", v -> v[0].sum(true, 0, 2), rnd(23, -1, 1, 2, 3, 4)),
        c("sum axis", v -> v[0].sum(false, -1), rnd(24, -1, 1, 3, 5)),
        c("reshape", v -> v[0].reshape(3, -1).exp(), rnd(25, -1, 1, 2, 6)),
        c("transpose", v -> v[0].transpose().mul(v[1]), rnd(26, -1, 1, 2, 3), rnd(27, -1, 1, 3, 2)),
        c("permute", v -> v[0].permute(2, 0, 1).exp(), rnd(28, -1, 1, 2, 3, 4)),
        c("broadcastTo", v -> v[0].broadcastTo(4, 3).exp(), rnd(29, -1, 1, 1, 3)),
        c("sumTo", v -> v[0].sumTo(1, 3).exp(), rnd(30, -1, 1, 4, 3)),
        c("size-1 dims", v -> v[0].mul(v[1]).exp(), rnd(31, -1, 1, 1, 1), rnd(32, -1, 1, 1, 5)),
        c(
            "size-0 dim",
            v -> v[0].mul(v[1]).sum(false, 0),
            rnd(33, -1, 1, 0, 3),
            rnd(34, -1, 1, 3)));
  }

  private static Arguments c(String name, Function<Variable[], Variable> f, Variable... inputs) {
    return Arguments.of(name, f, inputs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void firstOrder(String name, Function<Variable[], Variable> f, Variable[] inputs) {
    GradCheckReport r = GradCheck.defaults().check(f, inputs);
    assertTrue(r.passed(), name + "\n" + r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void secondOrder(String name, Function<Variable[], Variable> f, Variable[] inputs) {
    GradCheckReport r = GradCheck.defaults().checkSecondOrder(f, inputs);
    assertTrue(r.passed(), name + "\n" + r);
  }
}
