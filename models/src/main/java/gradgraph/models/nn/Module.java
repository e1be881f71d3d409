package gradgraph.models.nn;

import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A building block of models: it owns {@link Parameter}s, sub-modules and buffers (non-trained
 * state such as batch-norm running statistics), all registered under local names so that {@link
 * #namedParameters()} and {@link #stateDict()} use dotted paths such as {@code fc1.weight}.
 *
 * <p>Implement {@link #forward}; call {@link #apply}, which runs {@code forward} inside a {@link
 * NameScope} named after the module, so graph diagrams can group ops by layer:
 *
 * <pre>{@code
 * final class Block extends Module {
 *   private final Linear fc = register("fc", new Linear(10, 10, Init.he(), rng));
 *   protected Variable forward(Variable x) { return Ops.relu(fc.apply(x)).add(x); }
 * }
 * }</pre>
 *
 * <p>Train/eval behaviour is a thread-local scope, {@link Mode}; {@link #eval()} is a shortcut.
 *
 * <p>Import this class by name ({@code import gradgraph.models.nn.Module;}): with only {@code
 * import gradgraph.models.nn.*;} the simple name {@code Module} is ambiguous with {@code
 * java.lang.Module}, which every compilation unit imports implicitly.
 */
public abstract class Module {
  private final Map<String, Parameter> params = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private final Map<String, Buffer> buffers = new LinkedHashMap<>();
  private String scopeName;

  /** Creates a module with no parameters. */
  protected Module() {}

  private record Buffer(Supplier<Tensor> get, Consumer<Tensor> set) {}

  /**
   * Computes the output. Called by {@link #apply}; subclasses implement it and call their
   * sub-modules' {@code apply}.
   *
   * @param x the input
   * @return the output
   */
  protected abstract Variable forward(Variable x);

  /**
   * Runs the module on an input inside a name scope named after it.
   *
   * @param x the input
   * @return the output
   */
  public final Variable apply(Variable x) {
    try (Scope s = NameScope.push(scopeName())) {
      // the call is reported to this thread's ForwardHook, if any (ModelSummary records it)
      return ForwardHooks.call(this, Collections.singletonList(x), () -> forward(x));
    }
  }

  /**
   * Computes the output from several inputs (an attention layer's query, keys and values; a
   * decoder's input and encoder states). Called by {@link #apply(Variable...)}; modules that take
   * several inputs override it. The default serves single-input modules: given one input it calls
   * {@link #forward(Variable)}, given any other count it throws.
   *
   * @param xs the inputs, in the order the module documents
   * @return the output
   * @throws IllegalArgumentException when the module takes one input and got another count
   */
  protected Variable forward(Variable... xs) {
    if (xs.length != 1) {
      throw Errors.illegalArgument(
          getClass().getSimpleName(),
          "inputs",
          "takes 1 input, got "
              + xs.length
              + " (override forward(Variable...) for a module with several inputs)");
    }
    return forward(xs[0]);
  }

  /**
   * Runs the module on several inputs inside a name scope named after it, PyTorch's {@code
   * module(q, k, v)}. With one input it is {@link #apply(Variable)}.
   *
   * @param xs the inputs; none may be null
   * @return the output
   * @throws IllegalArgumentException when the count does not fit the module or an input is null
   */
  public final Variable apply(Variable... xs) {
    Errors.check(xs != null, getClass().getSimpleName(), "inputs", "must not be null");
    if (xs.length == 1) {
      return apply(xs[0]);
    }
    for (int i = 0; i < xs.length; i++) {
      Errors.check(xs[i] != null, getClass().getSimpleName(), "inputs", "input " + i + " is null");
    }
    try (Scope s = NameScope.push(scopeName())) {
      // reported to this thread's ForwardHook as the single-input call is
      return ForwardHooks.call(this, java.util.Arrays.asList(xs), () -> forward(xs));
    }
  }

  /**
   * Runs the module on a tensor (wrapped as a constant).
   *
   * @param x the input
   * @return the output
   */
  public final Variable apply(Tensor x) {
    return apply(Variable.constant(x));
  }

  /**
   * Returns the name used for the name scope: the name this module was registered under, else its
   * class name in lower case.
   *
   * @return the name
   */
  public String scopeName() {
    return scopeName != null ? scopeName : getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  /**
   * Adds a parameter under a local name.
   *
   * @param name the local name, without dots
   * @param p the parameter
   * @return {@code p}
   */
  protected final Parameter register(String name, Parameter p) {
    checkName(name);
    params.put(name, p);
    return p;
  }

  /**
   * Adds a sub-module under a local name.
   *
   * @param <M> the module type
   * @param name the local name, without dots
   * @param m the module
   * @return {@code m}
   */
  protected final <M extends Module> M register(String name, M m) {
    checkName(name);
    if (m == this) {
      throw Errors.illegalArgument("Module.register", name, "a module cannot contain itself");
    }
    children.put(name, m);
    ((Module) m).scopeName = name;
    return m;
  }

  /**
   * Adds a buffer: state saved in {@link #stateDict()} and moved by {@link #to(Device)} but not
   * trained (batch-norm running mean and variance).
   *
   * @param name the local name
   * @param get reads the current value
   * @param set replaces it
   */
  protected final void registerBuffer(String name, Supplier<Tensor> get, Consumer<Tensor> set) {
    checkName(name);
    buffers.put(name, new Buffer(get, set));
  }

  private void checkName(String name) {
    Errors.check(
        name != null && !name.isEmpty() && !name.contains("."),
        getClass().getSimpleName(),
        "name",
        "must be non-empty and without dots, got '" + name + "'");
    Errors.check(
        !params.containsKey(name) && !children.containsKey(name) && !buffers.containsKey(name),
        getClass().getSimpleName(),
        "name",
        "'" + name + "' is already registered");
  }

  /**
   * Returns the direct sub-modules by local name.
   *
   * @return an unmodifiable map in registration order
   */
  public final Map<String, Module> children() {
    return Collections.unmodifiableMap(children);
  }

  /**
   * Returns every parameter of this module and its sub-modules, by dotted path ({@code
   * conv1.weight}), in registration order, depth first.
   *
   * @return a new ordered map
   */
  public final Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (Map.Entry<String, Module> e : walk().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      for (Map.Entry<String, Parameter> p : e.getValue().params.entrySet()) {
        out.put(prefix + p.getKey(), p.getValue());
      }
    }
    return out;
  }

  /**
   * Returns every parameter, in the order of {@link #namedParameters()}.
   *
   * @return a new list
   */
  public final List<Parameter> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /**
   * Counts the parameters' elements.
   *
   * @return the number of scalars the model holds
   */
  public final long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.size();
    }
    return n;
  }

  /** The modules of this tree by dotted path ("" for this one), depth first, iteratively. */
  private Map<String, Module> walk() {
    Map<String, Module> out = new LinkedHashMap<>();
    Deque<Map.Entry<String, Module>> stack = new ArrayDeque<>();
    stack.push(Map.entry("", this));
    while (!stack.isEmpty()) {
      Map.Entry<String, Module> e = stack.pop();
      out.put(e.getKey(), e.getValue());
      List<Map.Entry<String, Module>> kids = new ArrayList<>(e.getValue().children.entrySet());
      for (int i = kids.size() - 1; i >= 0; i--) {
        String path =
            e.getKey().isEmpty() ? kids.get(i).getKey() : e.getKey() + "." + kids.get(i).getKey();
        stack.push(Map.entry(path, kids.get(i).getValue()));
      }
    }
    return out;
  }

  /** Clears the gradient of every parameter, before a new backward pass. */
  public final void clearGrads() {
    for (Parameter p : parameters()) {
      p.clearGrad();
    }
  }

  /**
   * Returns every parameter and buffer value by dotted path, for checkpoints.
   *
   * @return a new ordered map; the tensors are immutable, so this is a snapshot
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Module> e : walk().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      for (Map.Entry<String, Parameter> p : e.getValue().params.entrySet()) {
        out.put(prefix + p.getKey(), p.getValue().value());
      }
      for (Map.Entry<String, Buffer> b : e.getValue().buffers.entrySet()) {
        out.put(prefix + b.getKey(), b.getValue().get().get());
      }
    }
    return out;
  }

  /**
   * Replaces every parameter and buffer value from a map produced by {@link #stateDict()}. Values
   * are converted to each parameter's current dtype and device. Same as {@link #loadStateDict(Map,
   * boolean) loadStateDict(state, true)}.
   *
   * @param state the values by dotted path
   * @throws IllegalArgumentException when a key is missing or unexpected, or a shape differs
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    loadStateDict(state, true);
  }

  /**
   * Replaces parameter and buffer values from a map produced by {@link #stateDict()}, as PyTorch's
   * {@code load_state_dict(state, strict)}. Strict, every key of this module must be in {@code
   * state} and every key of {@code state} in this module. Not strict (fine-tuning: a pretrained
   * backbone without its head, or a checkpoint of a larger model), the keys both have are loaded
   * and the others are reported. Either way a key whose shape differs is refused, naming the key
   * and both shapes (drop it from {@code state} to keep this module's value), and nothing is
   * changed unless everything fits. Values are converted to each entry's current dtype and device.
   *
   * @param state the values by dotted path (not modified)
   * @param strict whether missing and unexpected keys are errors
   * @return the keys loaded, those of this module that {@code state} lacks, and those of {@code
   *     state} this module lacks
   * @throws IllegalArgumentException when a shape differs, or (strict) a key is missing or
   *     unexpected
   */
  public final LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
    Errors.check(state != null, "loadStateDict", "state", "must not be null");
    Map<String, Tensor> mine = stateDict();
    TreeSet<String> missing = new TreeSet<>(mine.keySet());
    missing.removeAll(state.keySet());
    TreeSet<String> extra = new TreeSet<>(state.keySet());
    extra.removeAll(mine.keySet());
    if (strict && (!missing.isEmpty() || !extra.isEmpty())) {
      throw Errors.illegalArgument(
          "loadStateDict",
          "state",
          "does not fit this "
              + getClass().getSimpleName()
              + ": missing "
              + missing
              + ", unexpected "
              + extra
              + " (was it saved from another model or configuration?)");
    }
    List<String> loaded = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : mine.entrySet()) {
      Tensor t = state.get(e.getKey());
      if (t == null) {
        continue;
      }
      if (!Arrays.equals(t.shape(), e.getValue().shape())) {
        throw Errors.illegalArgument(
            "loadStateDict",
            e.getKey(),
            "shape "
                + Errors.shape(t.shape())
                + " does not match the model's "
                + Errors.shape(e.getValue().shape()));
      }
      loaded.add(e.getKey());
    }
    for (Map.Entry<String, Module> e : walk().entrySet()) {
      String prefix = e.getKey().isEmpty() ? "" : e.getKey() + ".";
      Module m = e.getValue();
      for (Map.Entry<String, Parameter> p : m.params.entrySet()) {
        Tensor t = state.get(prefix + p.getKey());
        if (t != null) {
          Tensor cur = p.getValue().value();
          p.getValue().setValue(t.to(cur.dtype()).to(cur.device()));
        }
      }
      for (Map.Entry<String, Buffer> b : m.buffers.entrySet()) {
        Tensor t = state.get(prefix + b.getKey());
        if (t != null) {
          Tensor cur = b.getValue().get().get();
          b.getValue().set().accept(t.to(cur.dtype()).to(cur.device()));
        }
      }
    }
    return new LoadReport(loaded, new ArrayList<>(missing), new ArrayList<>(extra));
  }

  /**
   * What {@link #loadStateDict(Map, boolean)} did, as PyTorch's {@code _IncompatibleKeys}.
   *
   * @param loaded the keys whose values were replaced, in {@link #stateDict()} order
   * @param missing this module's keys that the state lacked (their values were kept), sorted
   * @param unexpected the state's keys that this module lacks (ignored), sorted
   */
  public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected) {
    /**
     * Copies the lists.
     *
     * @param loaded the keys loaded
     * @param missing the keys missing from the state
     * @param unexpected the keys of the state this module lacks
     */
    public LoadReport {
      loaded = List.copyOf(loaded);
      missing = List.copyOf(missing);
      unexpected = List.copyOf(unexpected);
    }
  }

  /**
   * Freezes every parameter of this module and its sub-modules ({@link
   * Parameter#setRequiresGrad(boolean) requiresGrad} false): backward computes no gradient for them
   * and every optimizer leaves them, and their state, alone. Buffers are not parameters: batch-norm
   * running statistics keep being updated in training mode (as in PyTorch, where only {@code
   * eval()} stops them); run the forward pass in {@link Mode#eval()} to keep them. For fine-tuning:
   * {@code model.child("features").freeze()}.
   *
   * @return this
   */
  public final Module freeze() {
    return setRequiresGrad(false);
  }

  /**
   * Unfreezes every parameter of this module and its sub-modules (undoes {@link #freeze()}).
   *
   * @return this
   */
  public final Module unfreeze() {
    return setRequiresGrad(true);
  }

  private Module setRequiresGrad(boolean on) {
    for (Parameter p : parameters()) {
      p.setRequiresGrad(on);
    }
    return this;
  }

  /**
   * Returns a sub-module by its dotted path, as {@link #namedParameters()} names it: {@code
   * child("layers")}, {@code child("block1.conv1")}.
   *
   * @param path the dotted path, relative to this module
   * @return the sub-module
   * @throws IllegalArgumentException when no sub-module has that path, listing those that exist at
   *     the level where the path stopped matching
   */
  public final Module child(String path) {
    Errors.check(
        path != null && !path.isEmpty(), "Module.child", "path", "must be a non-empty dotted path");
    Module m = this;
    String at = "";
    for (String part : path.split("\\.", -1)) {
      Module next = m.children.get(part);
      if (next == null) {
        throw Errors.illegalArgument(
            "Module.child",
            "path",
            "'"
                + path
                + "': "
                + (at.isEmpty() ? getClass().getSimpleName() : "'" + at + "'")
                + " has no sub-module '"
                + part
                + "'; its sub-modules are "
                + m.children.keySet());
      }
      m = next;
      at = at.isEmpty() ? part : at + "." + part;
    }
    return m;
  }

  /**
   * Moves every parameter and buffer to a device.
   *
   * @param device the device
   * @return this
   */
  public final Module to(Device device) {
    for (Module m : walk().values()) {
      for (Parameter p : m.params.values()) {
        p.setValue(p.value().to(device));
      }
      for (Buffer b : m.buffers.values()) {
        b.set().accept(b.get().get().to(device));
      }
    }
    return this;
  }

  /**
   * Converts every parameter and buffer to a dtype (FLOAT64 for gradient checks).
   *
   * @param dtype the dtype
   * @return this
   */
  public final Module to(DType dtype) {
    for (Module m : walk().values()) {
      for (Parameter p : m.params.values()) {
        p.setValue(p.value().to(dtype));
      }
      for (Buffer b : m.buffers.values()) {
        b.set().accept(b.get().get().to(dtype));
      }
    }
    return this;
  }

  /**
   * Switches this thread to evaluation mode until the scope closes: {@code try (Scope s =
   * model.eval()) {...}}. Same as {@link Mode#eval()}.
   *
   * @return the scope
   */
  public final Scope eval() {
    return Mode.eval();
  }

  /**
   * Returns a penalty added to the training loss (the book's weight decay {@code 0.5·λ·ΣW²}), or
   * null for none. Models override it.
   *
   * @return the penalty, or null
   */
  public Variable penalty() {
    return null;
  }

  /**
   * Summarizes the model as Keras's {@code summary()} and torchinfo do: one forward pass on a zero
   * input (no gradients, evaluation mode), then per module call its output shape, own parameters,
   * mult-adds and receptive field, and the totals with a memory estimate. Print it for the table.
   *
   * @param inputShape the input's shape, batch dimension included, e.g. {@code 1, 1, 28, 28}
   * @return the summary
   * @throws IllegalArgumentException when the shape is empty, has a dimension below 1, or does not
   *     fit the model
   */
  public final gradgraph.models.summary.ModelSummary summary(int... inputShape) {
    return gradgraph.models.summary.ModelSummary.of(this, inputShape);
  }

  /**
   * Describes the module: its type and settings, then its sub-modules indented.
   *
   * @return a multi-line text
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {"", this, 0});
    while (!stack.isEmpty()) {
      Object[] e = stack.pop();
      Module m = (Module) e[1];
      int depth = (Integer) e[2];
      sb.append("  ".repeat(depth));
      if (!((String) e[0]).isEmpty()) {
        sb.append('(').append(e[0]).append("): ");
      }
      sb.append(m.describe()).append('\n');
      List<Map.Entry<String, Module>> kids = new ArrayList<>(m.children.entrySet());
      for (int i = kids.size() - 1; i >= 0; i--) {
        stack.push(new Object[] {kids.get(i).getKey(), kids.get(i).getValue(), depth + 1});
      }
    }
    return sb.toString().stripTrailing();
  }

  /**
   * Describes this module alone, e.g. {@code Linear(784 -> 50)}.
   *
   * @return one line
   */
  protected String describe() {
    return getClass().getSimpleName();
  }
}
