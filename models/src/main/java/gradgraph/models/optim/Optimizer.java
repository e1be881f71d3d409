package gradgraph.models.optim;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Updates parameters from their gradients. {@link #step()} runs with grad mode off, computes new
 * tensors (tensors are immutable) and assigns them; parameters that are frozen ({@code
 * requiresGrad} false) or have no gradient are skipped, and their state is left alone.
 *
 * <p>Before the update rule, a step optionally clips the gradients by their global norm ({@link
 * #clipGradNorm(double)}) and adds weight decay to the gradient of every parameter that {@link
 * Parameter#decays() decays} ({@link #weightDecay(WeightDecay)}): {@code λ·w} for L2, {@code
 * λ·sign(w)} for L1.
 *
 * <p>State (velocities, moments, the step count) is kept per parameter and exposed by {@link
 * #state()} under {@code <parameter>.<slot>} names, for checkpoints.
 */
public abstract class Optimizer {
  private final Map<String, Parameter> params;
  private final Map<String, Tensor> state = new LinkedHashMap<>();
  private double lr;
  private WeightDecay decay = WeightDecay.NONE;
  private double maxGradNorm = Double.POSITIVE_INFINITY;
  private long steps;

  /**
   * Creates an optimizer of a model's parameters.
   *
   * @param model the model; its parameters are listed once, now
   * @param lr the learning rate
   */
  protected Optimizer(Module model, double lr) {
    this(model.namedParameters(), lr);
  }

  /**
   * Creates an optimizer of named parameters.
   *
   * @param params the parameters by name
   * @param lr the learning rate
   */
  protected Optimizer(Map<String, Parameter> params, double lr) {
    Errors.check(
        lr > 0 && Double.isFinite(lr),
        getClass().getSimpleName(),
        "lr",
        "must be a positive number, got " + lr);
    this.params = new LinkedHashMap<>(params);
    this.lr = lr;
  }

  /**
   * Returns the name printed in settings.
   *
   * @return the class name
   */
  public String name() {
    return getClass().getSimpleName();
  }

  /**
   * Returns the learning rate.
   *
   * @return the learning rate
   */
  public double lr() {
    return lr;
  }

  /**
   * Changes the learning rate (schedules).
   *
   * @param value the new rate
   * @return this
   */
  public Optimizer lr(double value) {
    Errors.check(value > 0, name(), "lr", "must be > 0, got " + value);
    this.lr = value;
    return this;
  }

  /**
   * Sets weight decay.
   *
   * @param value {@link WeightDecay#l2}, {@link WeightDecay#l1} or {@link WeightDecay#NONE}
   * @return this
   */
  public Optimizer weightDecay(WeightDecay value) {
    this.decay = value;
    return this;
  }

  /**
   * Returns the weight decay.
   *
   * @return the decay set by {@link #weightDecay(WeightDecay)}, {@link WeightDecay#NONE} by default
   */
  public WeightDecay weightDecay() {
    return decay;
  }

  /**
   * Returns the gradient-norm limit.
   *
   * @return the limit set by {@link #clipGradNorm(double)}, infinity (no clipping) by default
   */
  public double maxGradNorm() {
    return maxGradNorm;
  }

  /**
   * Clips gradients by their global L2 norm before each step.
   *
   * @param maxNorm the largest norm allowed; infinity turns clipping off
   * @return this
   */
  public Optimizer clipGradNorm(double maxNorm) {
    Errors.check(maxNorm > 0, name(), "maxNorm", "must be > 0, got " + maxNorm);
    this.maxGradNorm = maxNorm;
    return this;
  }

  /**
   * Returns the parameters this optimizer updates, by name.
   *
   * @return an unmodifiable map
   */
  public Map<String, Parameter> parameters() {
    return java.util.Collections.unmodifiableMap(params);
  }

  /**
   * Returns how many steps ran.
   *
   * @return the count
   */
  public long steps() {
    return steps;
  }

  /** Updates every trainable parameter that has a gradient. */
  public void step() {
    try (Scope off = Grad.disabled()) {
      if (maxGradNorm < Double.POSITIVE_INFINITY) {
        clipGradNorm(params.values(), maxGradNorm);
      }
      steps++;
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        Parameter p = e.getValue();
        if (!p.requiresGrad() || p.grad() == null) {
          continue;
        }
        Tensor w = p.value();
        Tensor g = p.grad().value();
        if (p.decays()) {
          g = decay.apply(w, g);
        }
        p.setValue(update(e.getKey(), w, g).to(w.dtype()));
      }
    }
  }

  /** Clears the gradients of every parameter. */
  public void clearGrads() {
    for (Parameter p : params.values()) {
      p.clearGrad();
    }
  }

  /**
   * Computes a parameter's new value.
   *
   * @param name the parameter's name, for its state
   * @param w the current value
   * @param g the gradient, weight decay included
   * @return the new value
   */
  protected abstract Tensor update(String name, Tensor w, Tensor g);

  /**
   * Returns a state slot, or zeros shaped like {@code like} the first time.
   *
   * @param param the parameter's name
   * @param slot the slot, e.g. {@code v}
   * @param like a tensor of the wanted shape, dtype and device
   * @return the state
   */
  protected final Tensor slot(String param, String slot, Tensor like) {
    Tensor t = state.get(param + "." + slot);
    return t != null ? t : like.mul(0.0);
  }

  /**
   * Stores a state slot.
   *
   * @param param the parameter's name
   * @param slot the slot
   * @param value the value
   */
  protected final void setSlot(String param, String slot, Tensor value) {
    state.put(param + "." + slot, value);
  }

  /**
   * Returns the optimizer's state for checkpoints: every slot, plus {@code steps}.
   *
   * @return a new ordered map
   */
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>(state);
    out.put("steps", Tensor.scalar(steps));
    return out;
  }

  /**
   * Restores state saved by {@link #state()}, after checking all of it: every key names a parameter
   * and a slot of this optimizer, every slot has its parameter's shape, {@code steps} is a whole
   * number, and after a step no trainable parameter lacks a slot. Nothing changes when a check
   * fails.
   *
   * @param saved the state
   * @throws IllegalArgumentException naming the key and the problem
   */
  public void loadState(Map<String, Tensor> saved) {
    String op = name() + ".loadState";
    Map<String, Tensor> next = new LinkedHashMap<>();
    long nextSteps = 0;
    for (Map.Entry<String, Tensor> e : saved.entrySet()) {
      String key = e.getKey();
      Tensor t = e.getValue();
      if (key.equals("steps")) {
        double v = t.size() == 1 ? t.item() : Double.NaN;
        Errors.check(
            t.shape().length == 0 && v >= 0 && v == Math.rint(v) && v < 1e15,
            op,
            "steps",
            "must be a whole number >= 0 as a scalar, got shape "
                + Errors.shape(t.shape())
                + (t.size() == 1 ? " value " + v : ""));
        nextSteps = (long) v;
        continue;
      }
      int dot = key.lastIndexOf('.');
      Parameter p = dot < 0 ? null : params.get(key.substring(0, dot));
      if (p == null) {
        throw Errors.illegalArgument(
            op,
            key,
            "names no parameter of this optimizer (was the state saved for another model?)");
      }
      String slot = key.substring(dot + 1);
      if (!slotNames().contains(slot)) {
        throw Errors.illegalArgument(
            op,
            key,
            "'"
                + slot
                + "' is not a state of "
                + name()
                + (slotNames().isEmpty() ? ", which keeps none" : ", which keeps " + slotNames())
                + " (was the state saved by another optimizer?)");
      }
      Tensor w = p.value();
      if (!java.util.Arrays.equals(t.shape(), w.shape())) {
        throw Errors.illegalArgument(
            op,
            key,
            "shape "
                + Errors.shape(t.shape())
                + " does not match the parameter's "
                + Errors.shape(w.shape()));
      }
      next.put(key, t.to(w.dtype()).to(w.device()));
    }
    // a parameter has all of its slots or none (none: it never had a gradient, e.g. frozen or
    // unused); slots without a step count cannot be resumed either
    List<String> missing = new ArrayList<>();
    for (String name : params.keySet()) {
      List<String> have = new ArrayList<>();
      for (String slot : slotNames()) {
        if (next.containsKey(name + "." + slot)) {
          have.add(slot);
        }
      }
      if (!have.isEmpty() && have.size() < slotNames().size()) {
        for (String slot : slotNames()) {
          if (!have.contains(slot)) {
            missing.add(name + "." + slot);
          }
        }
      }
    }
    if (!next.isEmpty() && !saved.containsKey("steps")) {
      missing.add("steps");
    }
    Errors.check(
        missing.isEmpty(), op, "state", "is missing " + missing + " (a damaged checkpoint?)");
    state.clear();
    state.putAll(next);
    steps = nextSteps;
  }

  /**
   * Names the state slots this optimizer keeps per parameter (for checking loaded state).
   *
   * @return e.g. {@code [m, v]} for Adam; empty for plain SGD
   */
  protected List<String> slotNames() {
    return List.of();
  }

  /**
   * Returns the settings after the name, e.g. {@code lr=0.001, beta1=0.9}.
   *
   * @return the settings
   */
  protected String settings() {
    return "lr=" + fmt(lr);
  }

  /**
   * Formats a number compactly.
   *
   * @param v the number
   * @return its text
   */
  protected static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("\\.?0+(e|$)", "$1");
  }

  /** Prints the name and every setting, e.g. {@code Adam(lr=0.001, beta1=0.9, ...)}. */
  @Override
  public String toString() {
    String s = settings();
    if (decay != WeightDecay.NONE) {
      s += ", weightDecay=" + decay;
    }
    if (maxGradNorm < Double.POSITIVE_INFINITY) {
      s += ", clipGradNorm=" + fmt(maxGradNorm);
    }
    return name() + "(" + s + ")";
  }

  /**
   * Scales gradients so that their global L2 norm is at most {@code maxNorm}; gradients of frozen
   * parameters are ignored. Runs with grad mode off.
   *
   * @param params the parameters (their gradients are modified)
   * @param maxNorm the largest norm allowed
   * @return the norm before clipping
   */
  public static double clipGradNorm(Iterable<? extends Variable> params, double maxNorm) {
    try (Scope off = Grad.disabled()) {
      double sq = 0;
      for (Variable p : params) {
        if (p.requiresGrad() && p.grad() != null) {
          sq += p.grad().value().map(UnaryOp.SQUARE).sum().item();
        }
      }
      double norm = Math.sqrt(sq);
      if (norm > maxNorm) {
        double scale = maxNorm / (norm + 1e-6);
        for (Variable p : params) {
          if (p.requiresGrad() && p.grad() != null) {
            p.setGrad(Variable.constant(p.grad().value().mul(scale)));
          }
        }
      }
      return norm;
    }
  }

  /**
   * Lists the names of the optimizers {@link #create} knows.
   *
   * @return the names
   */
  public static List<String> names() {
    return List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam");
  }

  /**
   * Creates an optimizer by name with its default settings.
   *
   * @param name one of {@link #names()}
   * @param model the model
   * @param lr the learning rate
   * @return the optimizer
   */
  public static Optimizer create(String name, Module model, double lr) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "sgd":
        return new Sgd(model, lr);
      case "momentum":
        return new Momentum(model, lr);
      case "nesterov":
        return new Nesterov(model, lr);
      case "adagrad":
        return new AdaGrad(model, lr);
      case "rmsprop":
        return new RmsProp(model, lr);
      case "adam":
        return new Adam(model, lr);
      default:
        throw Errors.illegalArgument(
            "optimizer", "name", "'" + name + "' is not one of " + String.join(", ", names()));
    }
  }
}
