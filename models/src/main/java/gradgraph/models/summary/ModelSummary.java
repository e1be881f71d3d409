package gradgraph.models.summary;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Conv2d;
import gradgraph.models.nn.ForwardHook;
import gradgraph.models.nn.ForwardHooks;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import gradgraph.models.nn.Pool2d;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A model summary in the manner of Keras's {@code model.summary()} and torchinfo: one forward pass
 * on an input of a given shape (batch dimension included), with gradients off and in evaluation
 * mode (so batch-norm statistics are left alone), recording every module call in call order.
 *
 * <pre>{@code
 * ModelSummary s = new SimpleConvNet(42).summary(1, 1, 28, 28);
 * System.out.println(s);                         // the table
 * s.layer("conv1").multAdds();                   // 432000
 * s.totals().params();                           // 433890
 * }</pre>
 *
 * <p>What is counted:
 *
 * <ul>
 *   <li><b>Param #</b>: the module's own parameters (not its sub-modules'); a module called a
 *       second time shows {@code (recursive)}. The totals count each parameter of the model once,
 *       called or not; <i>trainable</i> ones have {@link Parameter#requiresGrad()}.
 *   <li><b>Mult-Adds</b>: multiply-accumulates of the weights over the whole input batch: {@link
 *       Linear} {@code rows·in·out}, {@link Conv2d} {@code N·OH·OW·FN·C·FH·FW}. Bias additions,
 *       activations, pooling, normalization and the ops a model runs between its layers count 0.
 *       (torchinfo also adds the bias and normalization parameters once per output position, so its
 *       figure is slightly higher.)
 *   <li><b>RF</b> and <b>Jump</b>: the receptive field of one output position on the input, in
 *       input pixels, and the distance on the input between two neighbouring output positions.
 *       Through a convolution or pooling with window {@code k} and stride {@code s}: {@code rf +=
 *       (k − 1)·jump}, {@code jump *= s}; layers that keep {@code H×W} (activations, batch norm)
 *       keep both; after a layer that flattens ({@link gradgraph.models.nn.Flatten}, {@link
 *       Linear}) every output sees the whole input and the column shows {@code -}. The value
 *       follows the tensors a layer receives; a tensor made by an op between layers ({@code
 *       Ops.relu(conv.apply(x))}) takes the value of the layer called last, so for branches (a
 *       residual block) it is the longest path.
 *   <li><b>Memory</b>, in MB of 10<sup>6</sup> bytes as torchinfo: the input, the parameters, and
 *       the forward activations (the outputs of the layers without sub-modules, each kept for
 *       backward when training); their sum is the estimated total.
 * </ul>
 *
 * <p>The hook is thread-local ({@link ForwardHooks}), so models run on other threads meanwhile are
 * not recorded.
 */
public final class ModelSummary {
  private static final double MB = 1e6;

  private final String modelName;
  private final int[] inputShape;
  private final List<Layer> layers;
  private final Totals totals;

  /**
   * A receptive field.
   *
   * @param size its height and width on the input, in input pixels
   * @param jump the distance on the input between neighbouring output positions (the product of the
   *     strides so far)
   */
  public record ReceptiveField(int size, int jump) {
    /**
     * Checks the values.
     *
     * @param size at least 1
     * @param jump at least 1
     */
    public ReceptiveField {
      Errors.check(
          size >= 1 && jump >= 1,
          "ReceptiveField",
          "size/jump",
          "must be >= 1, got " + size + ", " + jump);
    }

    /**
     * The field after a window {@code kernel} with a stride.
     *
     * @param kernel the window size
     * @param stride the stride
     * @return {@code (size + (kernel − 1)·jump, jump·stride)}
     */
    public ReceptiveField through(int kernel, int stride) {
      return new ReceptiveField(size + (kernel - 1) * jump, jump * stride);
    }
  }

  /**
   * One module call of the forward pass.
   *
   * @param path the module's dotted path in the model ({@code ""} for the model, {@code
   *     features.conv1} for a nested one)
   * @param type the module's class name
   * @param depth 0 for the model, 1 for its direct sub-modules, ...
   * @param outputShape the output's shape (copied)
   * @param params the module's own parameter elements, sub-modules' excluded
   * @param trainableParams those of {@code params} with {@code requiresGrad}
   * @param multAdds multiply-accumulates of this call (see the class comment), 0 for containers
   * @param receptiveField the output's receptive field, or null when it is the whole input or
   *     unknown
   * @param repeated whether the module was called before in this pass (its parameters are shared)
   * @param leaf whether the module has no sub-modules (its output counts as an activation)
   */
  public record Layer(
      String path,
      String type,
      int depth,
      int[] outputShape,
      long params,
      long trainableParams,
      long multAdds,
      ReceptiveField receptiveField,
      boolean repeated,
      boolean leaf) {
    /**
     * Copies the shape.
     *
     * @param path the dotted path
     * @param type the class name
     * @param depth the nesting depth
     * @param outputShape the output shape
     * @param params own parameter elements
     * @param trainableParams own trainable parameter elements
     * @param multAdds multiply-accumulates
     * @param receptiveField the receptive field, or null
     * @param repeated whether the module was called before
     * @param leaf whether the module has no sub-modules
     */
    public Layer {
      outputShape = outputShape.clone();
    }

    /**
     * Returns a copy of the output shape.
     *
     * @return the shape
     */
    @Override
    public int[] outputShape() {
      return outputShape.clone();
    }

    /**
     * Returns the output's element count.
     *
     * @return the product of the output shape
     */
    public long outputSize() {
      long n = 1;
      for (int d : outputShape) {
        n *= d;
      }
      return n;
    }
  }

  /**
   * The totals.
   *
   * @param params every parameter element of the model, each parameter counted once
   * @param trainableParams those with {@code requiresGrad}
   * @param multAdds the sum of the layers' multiply-accumulates
   * @param inputBytes the input's bytes
   * @param paramBytes the parameters' bytes
   * @param activationBytes the bytes of the outputs of the layers without sub-modules
   */
  public record Totals(
      long params,
      long trainableParams,
      long multAdds,
      long inputBytes,
      long paramBytes,
      long activationBytes) {
    /**
     * Returns the frozen parameter elements.
     *
     * @return {@code params − trainableParams}
     */
    public long nonTrainableParams() {
      return params - trainableParams;
    }

    /**
     * Returns the estimated memory of a forward pass.
     *
     * @return input, parameter and activation bytes together
     */
    public long totalBytes() {
      return inputBytes + paramBytes + activationBytes;
    }
  }

  private ModelSummary(String modelName, int[] inputShape, List<Layer> layers, Totals totals) {
    this.modelName = modelName;
    this.inputShape = inputShape.clone();
    this.layers = List.copyOf(layers);
    this.totals = totals;
  }

  /**
   * Summarizes a model on a zero input of a shape, in the parameters' dtype and on their device.
   *
   * @param model the model (not modified: no gradients, evaluation mode)
   * @param inputShape the input's shape, batch dimension included, e.g. {@code 1, 1, 28, 28}
   * @return the summary
   * @throws IllegalArgumentException when the shape is empty or has a dimension below 1, or the
   *     model rejects an input of that shape
   */
  public static ModelSummary of(Module model, int... inputShape) {
    Errors.check(
        inputShape != null && inputShape.length > 0,
        "summary",
        "inputShape",
        "needs at least one dimension (the batch), e.g. 1, 1, 28, 28");
    for (int d : inputShape) {
      Errors.check(
          d > 0,
          "summary",
          "inputShape",
          "dimensions must be >= 1, got " + Arrays.toString(inputShape));
    }
    Shapes.size(inputShape); // fails with the shape when it has more than 2^31-1 elements
    DType dtype = DType.FLOAT32;
    Device device = null;
    List<Parameter> ps = model.parameters();
    if (!ps.isEmpty()) {
      dtype = ps.get(0).value().dtype();
      device = ps.get(0).value().device();
    }
    Tensor zeros = Tensor.zeros(dtype, inputShape);
    return of(model, device == null ? zeros : zeros.to(device));
  }

  /**
   * Summarizes a model on a given input.
   *
   * @param model the model (not modified: no gradients, evaluation mode)
   * @param input the input, batch dimension included (not modified)
   * @return the summary
   * @throws IllegalArgumentException when the model rejects the input
   */
  public static ModelSummary of(Module model, Tensor input) {
    Recorder rec = new Recorder(model, input);
    Variable x = Variable.constant(input);
    rec.rfs.put(x, rec.latest);
    try (Scope hook = ForwardHooks.install(rec);
        Scope noGrad = Grad.disabled();
        Scope eval = Mode.eval()) {
      model.apply(x);
    } catch (IllegalArgumentException e) {
      throw Errors.illegalArgument(
          "summary",
          "input",
          Errors.shape(input.shape()) + " does not fit " + typeName(model) + ": " + e.getMessage());
    }
    List<Layer> layers = new ArrayList<>();
    long multAdds = 0;
    long activations = 0;
    for (Row r : rec.rows) {
      Layer l = r.toLayer();
      layers.add(l);
      multAdds += l.multAdds();
      if (l.leaf()) {
        activations += l.outputSize() * r.bytesPerElement;
      }
    }
    long params = 0;
    long trainable = 0;
    long paramBytes = 0;
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Parameter p : model.parameters()) {
      if (seen.add(p)) {
        params += p.size();
        trainable += p.requiresGrad() ? p.size() : 0;
        paramBytes += (long) p.size() * p.value().dtype().bytes();
      }
    }
    long inputBytes = (long) input.size() * input.dtype().bytes();
    return new ModelSummary(
        typeName(model),
        input.shape(),
        layers,
        new Totals(params, trainable, multAdds, inputBytes, paramBytes, activations));
  }

  /**
   * Returns the model's class name.
   *
   * @return e.g. {@code SimpleConvNet}
   */
  public String modelName() {
    return modelName;
  }

  /**
   * Returns the input shape the pass ran on.
   *
   * @return a copy
   */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * Returns the module calls in call order, the model's own first.
   *
   * @return an unmodifiable list
   */
  public List<Layer> layers() {
    return layers;
  }

  /**
   * Returns the first call of the module at a dotted path.
   *
   * @param path e.g. {@code conv1} or {@code layers.conv1}; {@code ""} for the model
   * @return the layer
   * @throws IllegalArgumentException when no module of that path was called
   */
  public Layer layer(String path) {
    for (Layer l : layers) {
      if (l.path().equals(path)) {
        return l;
      }
    }
    List<String> paths = new ArrayList<>();
    for (Layer l : layers) {
      if (!l.repeated()) {
        paths.add("'" + l.path() + "'");
      }
    }
    throw Errors.illegalArgument(
        "ModelSummary.layer", "path", "'" + path + "' was not called; paths are " + paths);
  }

  /**
   * Returns the totals.
   *
   * @return the totals
   */
  public Totals totals() {
    return totals;
  }

  /**
   * Prints the summary as a table with fixed-width columns (each as wide as its widest cell), then
   * the totals and the memory estimate.
   *
   * @return a multi-line text
   */
  @Override
  public String toString() {
    String[] head = {"Layer (type)", "Output Shape", "Param #", "Mult-Adds", "RF", "Jump"};
    boolean[] right = {false, false, true, true, true, true};
    List<String[]> cells = new ArrayList<>();
    for (Layer l : layers) {
      String name =
          l.depth() == 0 ? l.type() : "  ".repeat(l.depth()) + l.path() + " (" + l.type() + ")";
      String params = l.repeated() ? "(recursive)" : l.params() == 0 ? "--" : count(l.params());
      String mult = l.multAdds() == 0 ? "--" : count(l.multAdds());
      ReceptiveField rf = l.receptiveField();
      cells.add(
          new String[] {
            name,
            Arrays.toString(l.outputShape),
            params,
            mult,
            rf == null ? "-" : Integer.toString(rf.size()),
            rf == null ? "-" : Integer.toString(rf.jump())
          });
    }
    int[] width = new int[head.length];
    for (int c = 0; c < head.length; c++) {
      width[c] = head[c].length();
      for (String[] row : cells) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    int total = (head.length - 1) * 3;
    for (int w : width) {
      total += w;
    }
    String rule = "=".repeat(total) + "\n";
    sb.append(rule);
    appendRow(sb, head, width, right);
    sb.append(rule);
    for (String[] row : cells) {
      appendRow(sb, row, width, right);
    }
    sb.append(rule);
    Totals t = totals;
    sb.append("Input shape: ").append(Arrays.toString(inputShape)).append('\n');
    sb.append("Total params: ").append(count(t.params())).append('\n');
    sb.append("Trainable params: ").append(count(t.trainableParams())).append('\n');
    sb.append("Non-trainable params: ").append(count(t.nonTrainableParams())).append('\n');
    sb.append("Total mult-adds: ")
        .append(count(t.multAdds()))
        .append(String.format(Locale.ROOT, " (%.2f M)", t.multAdds() / 1e6))
        .append('\n');
    sb.append(rule);
    sb.append(mb("Input size (MB): ", t.inputBytes()));
    sb.append(mb("Forward activations (MB): ", t.activationBytes()));
    sb.append(mb("Params size (MB): ", t.paramBytes()));
    sb.append(mb("Estimated total size (MB): ", t.totalBytes()));
    sb.append(rule);
    return sb.toString().stripTrailing();
  }

  private static void appendRow(StringBuilder sb, String[] row, int[] width, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < row.length; c++) {
      if (c > 0) {
        line.append("   ");
      }
      String pad = " ".repeat(width[c] - row[c].length());
      line.append(right[c] ? pad + row[c] : row[c] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String mb(String label, long bytes) {
    return label + String.format(Locale.ROOT, "%.2f", bytes / MB) + "\n";
  }

  private static String typeName(Module m) {
    String s = m.getClass().getSimpleName();
    if (s.isEmpty()) { // an anonymous class: its binary name's tail, e.g. Net$1
      String n = m.getClass().getName();
      s = n.substring(n.lastIndexOf('.') + 1);
    }
    return s;
  }

  /** One call being recorded; filled in by {@link Recorder#after}. */
  private static final class Row {
    String path;
    String type;
    int depth;
    int[] outputShape;
    long params;
    long trainable;
    long multAdds;
    ReceptiveField rf;
    boolean repeated;
    boolean leaf;
    int bytesPerElement;

    Layer toLayer() {
      return new Layer(
          path, type, depth, outputShape, params, trainable, multAdds, rf, repeated, leaf);
    }
  }

  /** A call in progress: its row, and the receptive field of what it received. */
  private record Frame(Module module, Row row, ReceptiveField rfIn, int[] inputShape) {}

  /** The hook: a stack of calls in progress, the rows in call order, fields by tensor. */
  private static final class Recorder implements ForwardHook {
    final List<Row> rows = new ArrayList<>();
    final Deque<Frame> stack = new ArrayDeque<>();
    final Map<Module, String> paths = new IdentityHashMap<>();
    final Set<Module> called = Collections.newSetFromMap(new IdentityHashMap<>());

    /** The receptive field of each variable a module returned (null: the whole input). */
    final Map<Variable, ReceptiveField> rfs = new IdentityHashMap<>();

    /** The field of the last call's output, for variables made between layers. */
    ReceptiveField latest;

    Recorder(Module model, Tensor input) {
      // the dotted paths of the registered modules, iteratively
      Deque<Map.Entry<String, Module>> todo = new ArrayDeque<>();
      todo.push(Map.entry("", model));
      while (!todo.isEmpty()) {
        Map.Entry<String, Module> e = todo.pop();
        paths.putIfAbsent(e.getValue(), e.getKey());
        for (Map.Entry<String, Module> c : e.getValue().children().entrySet()) {
          String p = e.getKey().isEmpty() ? c.getKey() : e.getKey() + "." + c.getKey();
          todo.push(Map.entry(p, c.getValue()));
        }
      }
      latest = input.rank() == 4 ? new ReceptiveField(1, 1) : null;
    }

    @Override
    public void before(Module module, List<Variable> inputs) {
      Row r = new Row();
      String path = paths.get(module);
      if (path == null) { // called but not registered: named after the caller
        Frame parent = stack.peek();
        path =
            parent == null || parent.row().path.isEmpty()
                ? module.scopeName()
                : parent.row().path + "." + module.scopeName();
      }
      r.path = path;
      r.type = typeName(module);
      r.depth = stack.size();
      r.repeated = !called.add(module);
      r.leaf = module.children().isEmpty();
      rows.add(r);
      Variable x = inputs.isEmpty() ? null : inputs.get(0);
      ReceptiveField rfIn = x != null && rfs.containsKey(x) ? rfs.get(x) : latest;
      stack.push(new Frame(module, r, rfIn, x == null ? null : x.shape()));
    }

    @Override
    public void after(Module module, List<Variable> inputs, Variable output) {
      Frame f = stack.pop();
      Row r = f.row();
      int[] out = output.shape();
      r.outputShape = out;
      r.bytesPerElement = output.dtype().bytes();
      for (Map.Entry<String, Parameter> p : module.namedParameters().entrySet()) {
        if (p.getKey().indexOf('.') < 0) { // its own, not a sub-module's
          r.params += p.getValue().size();
          r.trainable += p.getValue().requiresGrad() ? p.getValue().size() : 0;
        }
      }
      r.multAdds = multAdds(module, out);
      r.rf = field(module, f, output);
      rfs.put(output, r.rf);
      latest = r.rf;
    }

    /** Weight multiply-accumulates: weight elements times output positions per channel. */
    private static long multAdds(Module m, int[] out) {
      long elements = 1;
      for (int d : out) {
        elements *= d;
      }
      if (m instanceof Linear l && out.length >= 1 && out[out.length - 1] > 0) {
        return l.weight().size() * (elements / out[out.length - 1]);
      }
      if (m instanceof Conv2d c && out.length == 4 && out[1] > 0) {
        return c.weight().size() * (elements / out[1]);
      }
      return 0;
    }

    private ReceptiveField field(Module m, Frame f, Variable output) {
      int[] out = output.shape();
      int[] in = f.inputShape();
      if (!m.children().isEmpty()) { // a container: what its last layer gave
        return rfs.containsKey(output) ? rfs.get(output) : latest;
      }
      if (f.rfIn() == null || in == null || in.length != 4 || out.length != 4) {
        return null;
      }
      if (m instanceof Conv2d c) {
        return f.rfIn().through(c.kernel(), c.stride());
      }
      if (m instanceof Pool2d p) {
        return f.rfIn().through(p.kernel(), p.stride());
      }
      boolean sameGrid = in[2] == out[2] && in[3] == out[3];
      return sameGrid ? f.rfIn() : null;
    }
  }
}
