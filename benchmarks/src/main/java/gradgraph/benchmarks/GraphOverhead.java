package gradgraph.benchmarks;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's cost per recorded op, on the book's apple-orange graph: {@code (apple · count +
 * orange · count) · tax}, three multiplications and one addition on scalars, forward and backward
 * (peers: plain Python floats 0.46 µs, DJL 40–56 µs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GraphOverhead {
  /** Creates an instance. */
  public GraphOverhead() {}

  private Tensor apple;
  private Tensor appleCount;
  private Tensor orange;
  private Tensor orangeCount;
  private Tensor tax;
  private Tensor x;

  /** Creates the leaf values (FLOAT64 scalars, as {@code Variable.scalar} makes them). */
  @Setup
  public void setup() {
    apple = Tensor.scalar(100);
    appleCount = Tensor.scalar(2);
    orange = Tensor.scalar(150);
    orangeCount = Tensor.scalar(3);
    tax = Tensor.scalar(1.1);
    x = Tensor.scalar(3);
  }

  /**
   * Builds the graph from fresh leaves, runs forward and backward.
   *
   * @return a value depending on every gradient (consumed by JMH)
   */
  @Benchmark
  public double appleOrangeForwardBackward() {
    Variable a = new Variable(apple, "apple");
    Variable ac = new Variable(appleCount, "apple count");
    Variable o = new Variable(orange, "orange");
    Variable oc = new Variable(orangeCount, "orange count");
    Variable t = new Variable(tax, "tax");
    Variable price = a.mul(ac).add(o.mul(oc)).mul(t);
    price.backward();
    return price.item()
        + a.grad().item()
        + ac.grad().item()
        + o.grad().item()
        + oc.grad().item()
        + t.grad().item();
  }

  /**
   * The forward pass alone.
   *
   * @return the price
   */
  @Benchmark
  public Variable appleOrangeForward() {
    Variable a = new Variable(apple, "apple");
    Variable ac = new Variable(appleCount, "apple count");
    Variable o = new Variable(orange, "orange");
    Variable oc = new Variable(orangeCount, "orange count");
    Variable t = new Variable(tax, "tax");
    return a.mul(ac).add(o.mul(oc)).mul(t);
  }

  /**
   * One recorded multiply of one-element tensors (the eager per-op overhead).
   *
   * @return the product
   */
  @Benchmark
  public Variable oneMul() {
    return new Variable(x).mul(new Variable(x));
  }
}
