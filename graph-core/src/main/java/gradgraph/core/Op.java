package gradgraph.core;

import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One recorded application of an operation (DeZero calls it Function). A subclass writes its
 * forward on tensors and its backward with differentiable ops on Variables, side by side:
 *
 * <pre>{@code
 * public final class Exp extends Op {
 *   protected Tensor forward(Tensor... x) { return x[0].map(UnaryOp.EXP); }
 *   protected Variable[] backward(Variable gy) { return new Variable[] {gy.mul(output())}; }
 * }
 * }</pre>
 *
 * <p>An instance is used once: {@link #apply} runs forward and, when grad mode is on and an input
 * requires a gradient, links itself into the graph. Backward returns one gradient per input (null
 * where none flows); it may return a gradient of a broadcast shape, and the engine sums it down to
 * the input's shape.
 */
public abstract class Op {
  private Variable[] inputs;
  private Variable output;
  private int generation;
  private boolean released;
  private String scope = "";
  private Throwable site;

  /** The op whose backward is running on this thread, while anomaly detection is on. */
  private static final ThreadLocal<Op> IN_BACKWARD = new ThreadLocal<>();

  // the token of the backward walk that last queued this op (Backprop)
  Object seenBy;

  /** Creates an op; it is recorded when {@link #apply} runs. */
  protected Op() {}

  /**
   * Computes the output value from the input values. Never modifies its inputs.
   *
   * @param x the input values
   * @return the output value
   */
  protected abstract Tensor forward(Tensor... x);

  /**
   * Computes the gradient of each input from the output's gradient, using ops on Variables so the
   * backward pass can itself be recorded.
   *
   * @param gy the gradient of the output
   * @return one gradient per input; null for inputs that get none
   */
  protected abstract Variable[] backward(Variable gy);

  /**
   * Returns the op's name as diagrams and errors show it, e.g. {@code mul}.
   *
   * @return the name; by default the class name with a lower-case first letter
   */
  public String name() {
    String s = getClass().getSimpleName();
    return s.isEmpty() ? "op" : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  /**
   * Returns the symbol diagrams draw in the op's circle, e.g. {@code ×}.
   *
   * @return the symbol; by default {@link #name()}
   */
  public String symbol() {
    return name();
  }

  /**
   * Returns the op's settings for diagrams and errors, e.g. {@code axis=1}.
   *
   * @return a short text, empty when the op has none
   */
  public String attributes() {
    return "";
  }

  /**
   * Tells whether a gradient flows to an input (labels and masks do not get one).
   *
   * @param input the input's position
   * @return true by default
   */
  public boolean isDifferentiable(int input) {
    return true;
  }

  /**
   * Tells whether the backward pass is itself differentiable, so second derivatives work.
   *
   * @return true by default; ops whose backward uses a non-differentiable kernel say false
   */
  public boolean supportsHigherOrder() {
    return true;
  }

  /**
   * Runs the op on Variables and records it when grad mode is on.
   *
   * @param xs the inputs
   * @return the output Variable
   * @throws IllegalStateException if this instance was already applied
   */
  public final Variable apply(Variable... xs) {
    if (output != null || released) {
      throw new IllegalStateException(
          name() + ": an Op instance is applied once; create a new one for each call");
    }
    Tensor[] values = new Tensor[xs.length];
    boolean needsGrad = false;
    int gen = 0;
    for (int i = 0; i < xs.length; i++) {
      values[i] = xs[i].value();
      if (xs[i].requiresGrad() && isDifferentiable(i)) {
        needsGrad = true;
      }
      gen = Math.max(gen, xs[i].generation());
    }
    boolean anomaly = Anomaly.isEnabled();
    if (anomaly) {
      site = new Throwable();
    }
    Tensor y = forward(values);
    if (anomaly && !Anomaly.allFinite(y)) {
      throw anomaly("forward output", values);
    }
    Variable out = new Variable(y);
    if (needsGrad && Grad.isEnabled()) {
      inputs = xs;
      output = out;
      generation = gen;
      scope = NameScope.current();
      out.setCreator(this, gen + 1);
    } else {
      out.setRequiresGrad(false);
      site = null;
    }
    return out;
  }

  /**
   * Returns one input (inside {@link #backward}).
   *
   * @param i the position
   * @return the input Variable
   */
  protected final Variable input(int i) {
    return inputs[i];
  }

  /**
   * Tells whether the backward pass must produce a gradient for an input (inside {@link
   * #backward}): false for inputs that take none (constants such as the data, frozen parameters,
   * positions that are not differentiable). An op may then skip that work and return {@code null}
   * at that position; the engine ignores gradients for such inputs anyway.
   *
   * @param i the position
   * @return whether the input's gradient is used
   */
  protected final boolean needsGrad(int i) {
    return inputs[i].requiresGrad() && isDifferentiable(i);
  }

  /**
   * Returns the output Variable (inside {@link #backward}).
   *
   * @return the output
   */
  protected final Variable output() {
    return output;
  }

  /**
   * Returns the recorded inputs, for graph walkers such as diagrams.
   *
   * @return an unmodifiable list, empty when the op was not recorded
   */
  public final List<Variable> inputs() {
    return inputs == null ? List.of() : List.of(inputs);
  }

  /** The recorded inputs themselves, for the engine (not a copy; do not modify). */
  final Variable[] inputArray() {
    return inputs;
  }

  /**
   * Returns the recorded output, for graph walkers.
   *
   * @return the output, or null when not recorded
   */
  public final Variable outputVariable() {
    return output;
  }

  /**
   * Returns the op's generation: the largest generation among its inputs.
   *
   * @return the generation
   */
  public final int generation() {
    return generation;
  }

  /**
   * Returns the name scope active when the op was recorded ({@link NameScope}).
   *
   * @return a path such as {@code model/conv1}, empty at top level
   */
  public final String scope() {
    return scope;
  }

  /**
   * Tells whether a backward pass consumed this op without {@link BackwardOption#RETAIN_GRAPH}.
   *
   * @return true once released
   */
  public final boolean isReleased() {
    return released;
  }

  final Variable[] runBackward(Variable gy) {
    if (released) {
      throw new IllegalStateException(
          "backward: the graph through "
              + name()
              + " was already freed by an earlier backward(); pass"
              + " BackwardOption.RETAIN_GRAPH to the first backward() to run it twice");
    }
    boolean anomaly = Anomaly.isEnabled();
    Op outer = anomaly ? IN_BACKWARD.get() : null;
    Variable[] gxs;
    if (anomaly) {
      IN_BACKWARD.set(this); // ops that this backward applies report it as the culprit
      try {
        gxs = backward(gy);
      } finally {
        IN_BACKWARD.set(outer);
      }
    } else {
      gxs = backward(gy);
    }
    if (gxs.length != inputs.length) {
      throw new IllegalStateException(
          name()
              + ": backward returned "
              + gxs.length
              + " gradients for "
              + inputs.length
              + " inputs");
    }
    if (anomaly) {
      for (Variable g : gxs) {
        if (g != null && !Anomaly.allFinite(g.value())) {
          throw anomaly("backward gradient", inputValues());
        }
      }
    }
    return gxs;
  }

  /**
   * Frees what this op keeps only for backward. The graph's structure stays readable (for
   * diagrams), but a second backward through it throws.
   */
  final void release() {
    released = true;
    onRelease();
  }

  /** Hook for subclasses that keep tensors for backward: drop them here. */
  protected void onRelease() {}

  private AnomalyException anomaly(String phase, Tensor[] values) {
    Op outer = phase.startsWith("forward") ? IN_BACKWARD.get() : null;
    if (outer != null && outer != this) {
      // a step of another op's backward formula: that op's backward is what went wrong
      return new AnomalyException(
          "anomaly: the backward of "
              + outer.name()
              + " produced NaN or infinity (in its step "
              + name()
              + ", input shapes "
              + shapes(values)
              + "; "
              + outer.name()
              + "'s input shapes "
              + shapes(outer.inputValues())
              + "); "
              + outer.name()
              + " was recorded at "
              + userFrame(outer.site));
    }
    return new AnomalyException(
        "anomaly: "
            + name()
            + " produced NaN or infinity in its "
            + phase
            + " (input shapes "
            + shapes(values)
            + "); the op was recorded at "
            + userFrame(site));
  }

  private Tensor[] inputValues() {
    Tensor[] values = new Tensor[inputs == null ? 0 : inputs.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = inputs[i].value();
    }
    return values;
  }

  private static String shapes(Tensor[] values) {
    List<String> shapes = new ArrayList<>();
    for (Tensor t : values) {
      shapes.add(Arrays.toString(t.shape()));
    }
    return String.join(", ", shapes);
  }

  private static String userFrame(Throwable site) {
    if (site == null) {
      return "an unknown place (enable Anomaly.detect() before the forward pass)";
    }
    for (StackTraceElement e : site.getStackTrace()) {
      String c = e.getClassName();
      String pkg = c.contains(".") ? c.substring(0, c.lastIndexOf('.')) : "";
      boolean library =
          pkg.equals("gradgraph.core")
              || pkg.equals("gradgraph.core.ops")
              || pkg.equals("gradgraph.ops")
              || pkg.startsWith("gradgraph.ops.");
      if (!library || c.endsWith("Test")) {
        return e.toString();
      }
    }
    return site.getStackTrace().length > 0 ? site.getStackTrace()[0].toString() : "?";
  }

  @Override
  public String toString() {
    String a = attributes();
    return name() + (a.isEmpty() ? "" : "(" + a + ")");
  }
}
