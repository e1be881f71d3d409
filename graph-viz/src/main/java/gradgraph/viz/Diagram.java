package gradgraph.viz;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A diagram of the graph a computation recorded, drawn back from one or more output variables.
 *
 * <pre>{@code
 * Variable apple = Variable.scalar(100, "apple");
 * Variable count = Variable.scalar(2, "apple count");
 * Variable tax = Variable.scalar(1.1, "tax");
 * Variable price = apple.mul(count).mul(tax).named("price");
 * price.backward(BackwardOption.RETAIN_GRAD); // keep intermediate gradients for the drawing
 * Diagram.of(price).write(Path.of("apple.svg"));
 * }</pre>
 *
 * <p>Each edge from a variable into an op carries the variable's forward value and, after a
 * backward pass, its gradient: the derivative of the output with respect to it (summed over all its
 * uses). Leaves always keep their gradients; intermediate variables keep theirs only when backward
 * ran with {@link gradgraph.core.BackwardOption#RETAIN_GRAD}. Before any backward pass the diagram
 * shows values only, and its legend says so.
 *
 * <p>{@link #toDot()} needs no Graphviz and gives the same text for the same graph on every run
 * (node ids follow the traversal order). SVG and PNG go through graphviz-java: the {@code dot}
 * command when installed, else its bundled engine ({@link RenderEngine}). A diagram is a mutable
 * builder; configure it, then write it, on one thread.
 */
public final class Diagram {
  /** The node budget unless {@link #nodeBudget(int)} says otherwise. */
  public static final int DEFAULT_NODE_BUDGET = 500;

  /** The extensions {@link #write(Path)} understands, lower case, without the dot. */
  public static final List<String> EXTENSIONS = List.of("dot", "gv", "svg", "png", "pdf");

  private final List<Variable> outputs;
  private Style style = Style.APPLE;
  private Boolean values;
  private Boolean gradients;
  private Boolean shapes;
  private Rankdir rankdir = Rankdir.AUTO;
  private int nodeBudget = DEFAULT_NODE_BUDGET;
  private boolean expandScopes;
  private int scopeDepth;
  private boolean legend = true;
  private String title = "gradgraph";
  private RenderEngine engine = RenderEngine.AUTO;
  private double pngScale = 2;

  private Diagram(List<Variable> outputs) {
    this.outputs = outputs;
  }

  /**
   * Starts a diagram of everything the outputs were computed from.
   *
   * @param outputs one or more variables, usually the loss or the result
   * @return the diagram, in the {@link Style#APPLE} style
   * @throws IllegalArgumentException if there is no output or one is null
   */
  public static Diagram of(Variable... outputs) {
    Errors.check(outputs != null && outputs.length > 0, "Diagram.of", "outputs", "none given");
    return of(Arrays.asList(outputs.clone()));
  }

  /**
   * Starts a diagram of everything the outputs were computed from.
   *
   * @param outputs one or more variables; duplicates are drawn once
   * @return the diagram
   * @throws IllegalArgumentException if the list is empty or holds null
   */
  public static Diagram of(List<Variable> outputs) {
    Errors.check(
        outputs != null && !outputs.isEmpty(), "Diagram.of", "outputs", "the list is empty");
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Variable> distinct = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      Variable v = outputs.get(i);
      Errors.check(v != null, "Diagram.of", "outputs", "element " + i + " is null");
      if (seen.add(v)) {
        distinct.add(v);
      }
    }
    return new Diagram(List.copyOf(distinct));
  }

  // ---------------------------------------------------------------- options

  /**
   * Chooses the style.
   *
   * @param s {@link Style#APPLE} (default), {@link Style#DEZERO} or {@link Style#COMPACT}
   * @return this
   */
  public Diagram style(Style s) {
    this.style = Objects.requireNonNull(s, "style");
    return this;
  }

  /**
   * Shows or hides forward values. By default they are shown, except in {@link Style#DEZERO}.
   *
   * @param show whether to show them
   * @return this
   */
  public Diagram showValues(boolean show) {
    this.values = show;
    return this;
  }

  /**
   * Shows or hides gradients. By default they are shown when the graph has any.
   *
   * @param show whether to show them
   * @return this
   */
  public Diagram showGradients(boolean show) {
    this.gradients = show;
    return this;
  }

  /**
   * Shows or hides shapes and dtypes next to values. By default shown only in {@link Style#DEZERO};
   * tensors of more than four elements always show their shape in place of their values.
   *
   * @param show whether to show them
   * @return this
   */
  public Diagram showShapes(boolean show) {
    this.shapes = show;
    return this;
  }

  /**
   * Sets the direction the graph flows in.
   *
   * @param dir {@link Rankdir#AUTO} by default: left to right for a short graph such as the book's
   *     apple-price figure, top to bottom for a long one such as a model's training step
   * @return this
   */
  public Diagram rankdir(Rankdir dir) {
    this.rankdir = Objects.requireNonNull(dir, "rankdir");
    return this;
  }

  /**
   * Sets how many nodes to draw at most. Beyond it the diagram keeps the part nearest the outputs
   * and replaces the rest by one node that says how many nodes it hides.
   *
   * @param budget at least 1; {@value #DEFAULT_NODE_BUDGET} by default
   * @return this
   * @throws IllegalArgumentException if {@code budget < 1}
   */
  public Diagram nodeBudget(int budget) {
    Errors.check(budget >= 1, "Diagram.nodeBudget", "budget", "must be at least 1, got " + budget);
    this.nodeBudget = budget;
    return this;
  }

  /**
   * In {@link Style#COMPACT}, draws each name scope as a cluster of its ops instead of one box.
   *
   * @param expand whether to expand (false by default)
   * @return this
   */
  public Diagram expandScopes(boolean expand) {
    this.expandScopes = expand;
    return this;
  }

  /**
   * In {@link Style#COMPACT}, groups by the first {@code depth} names of each scope path ({@code
   * model/conv1/bn} with depth 2 is {@code model/conv1}).
   *
   * @param depth 0 (the default) for the whole path
   * @return this
   * @throws IllegalArgumentException if {@code depth < 0}
   */
  public Diagram scopeDepth(int depth) {
    Errors.check(depth >= 0, "Diagram.scopeDepth", "depth", "must be 0 or more, got " + depth);
    this.scopeDepth = depth;
    return this;
  }

  /**
   * Shows or hides the legend under the diagram.
   *
   * @param show true by default
   * @return this
   */
  public Diagram legend(boolean show) {
    this.legend = show;
    return this;
  }

  /**
   * Names the graph (the DOT graph's name and the SVG's title).
   *
   * @param name the name; "gradgraph" by default
   * @return this
   */
  public Diagram title(String name) {
    Errors.check(name != null && !name.isBlank(), "Diagram.title", "name", "must not be blank");
    this.title = name;
    return this;
  }

  /**
   * Chooses the Graphviz engine for SVG and PNG.
   *
   * @param e {@link RenderEngine#AUTO} by default
   * @return this
   */
  public Diagram engine(RenderEngine e) {
    this.engine = Objects.requireNonNull(e, "engine");
    return this;
  }

  /**
   * Sets how many pixels a PNG has per point of the diagram.
   *
   * @param scale in (0, 8]; 2 by default, sharp on high-density screens
   * @return this
   * @throws IllegalArgumentException if out of range
   */
  public Diagram pngScale(double scale) {
    Errors.check(
        scale > 0 && scale <= 8, "Diagram.pngScale", "scale", "must be in (0, 8], got " + scale);
    this.pngScale = scale;
    return this;
  }

  // ---------------------------------------------------------------- output

  /**
   * Returns the diagram as DOT text. Needs no Graphviz; the same graph always gives the same text.
   *
   * @return the DOT text, lines ending in {@code \n}
   */
  public String toDot() {
    boolean collapsed = style == Style.COMPACT && !expandScopes;
    GraphView view = GraphView.build(outputs, style, collapsed, scopeDepth, nodeBudget);
    boolean anyGradient = false;
    for (Variable v : view.variables()) {
      if (v.grad() != null) {
        anyGradient = true;
        break;
      }
    }
    Settings s =
        new Settings(
            style,
            values != null ? values : style != Style.DEZERO,
            gradients != null ? gradients : anyGradient,
            shapes != null ? shapes : style == Style.DEZERO,
            rankdir,
            nodeBudget,
            expandScopes,
            scopeDepth,
            legend,
            title);
    return Painter.paint(view, s);
  }

  /**
   * Renders the diagram as an SVG document.
   *
   * @return the SVG text
   * @throws RenderException if no Graphviz engine works
   */
  public String toSvg() {
    return Rendering.svg(toDot(), engine);
  }

  /**
   * Renders the diagram as an image ({@link #pngScale(double)} pixels per point).
   *
   * @return the image
   * @throws RenderException if no Graphviz engine works
   */
  public BufferedImage toImage() {
    return Rendering.image(toDot(), engine, pngScale);
  }

  /**
   * Renders the diagram as the content of a file of the given format, writing nothing: for callers
   * that write the file themselves (or send it elsewhere).
   *
   * @param format {@code dot} or {@code gv} (DOT text), {@code svg}, {@code png} ({@link
   *     #pngScale(double)} pixels per point) or {@code pdf} (the {@code dot} command only), any
   *     case
   * @return the bytes (DOT and SVG text in UTF-8)
   * @throws IllegalArgumentException for another format
   * @throws RenderException if the format needs Graphviz and no engine works
   */
  public byte[] toBytes(String format) {
    String f = format == null ? "" : format.toLowerCase(Locale.ROOT);
    return switch (f) {
      case "dot", "gv" -> toDot().getBytes(StandardCharsets.UTF_8);
      case "svg" -> toSvg().getBytes(StandardCharsets.UTF_8);
      case "png" -> Rendering.render(toDot(), engine, Rendering.Output.PNG, pngScale);
      case "pdf" -> Rendering.render(toDot(), engine, Rendering.Output.PDF, 1);
      default ->
          throw Errors.illegalArgument(
              "Diagram.toBytes",
              "format",
              "'" + format + "' is not one of " + String.join(", ", EXTENSIONS));
    };
  }

  /**
   * Writes the DOT text, atomically (a temporary file moved into place).
   *
   * @param file the target, usually ending in .dot; parent directories are created
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  public Path writeDot(Path file) throws IOException {
    byte[] bytes = toDot().getBytes(StandardCharsets.UTF_8);
    writeAtomically(file, out -> out.write(bytes));
    return file;
  }

  /**
   * Renders and writes an SVG file. If rendering fails, nothing is written there; the DOT text goes
   * to the same name ending in .dot, and the exception says where and what to install.
   *
   * @param file the target, usually ending in .svg; parent directories are created
   * @return {@code file}
   * @throws IOException if a file cannot be written
   * @throws RenderException if no Graphviz engine works
   */
  public Path writeSvg(Path file) throws IOException {
    String dot = toDot();
    String svg = renderOrSaveDot(file, dot, () -> Rendering.svg(dot, engine));
    byte[] bytes = svg.getBytes(StandardCharsets.UTF_8);
    writeAtomically(file, out -> out.write(bytes));
    return file;
  }

  /**
   * Renders and writes a PNG file ({@link #pngScale(double)} pixels per point), as {@link
   * #writeSvg(Path)} does an SVG.
   *
   * @param file the target, usually ending in .png; parent directories are created
   * @return {@code file}
   * @throws IOException if a file cannot be written
   * @throws RenderException if no Graphviz engine works
   */
  public Path writePng(Path file) throws IOException {
    String dot = toDot();
    byte[] png =
        renderOrSaveDot(
            file, dot, () -> Rendering.render(dot, engine, Rendering.Output.PNG, pngScale));
    writeAtomically(file, out -> out.write(png));
    return file;
  }

  /**
   * Renders and writes a PDF file with the {@code dot} command (the bundled engine draws no PDF),
   * as {@link #writeSvg(Path)} does an SVG.
   *
   * @param file the target, usually ending in .pdf; parent directories are created
   * @return {@code file}
   * @throws IOException if a file cannot be written
   * @throws RenderException if the {@code dot} command is missing or fails
   */
  public Path writePdf(Path file) throws IOException {
    String dot = toDot();
    byte[] pdf =
        renderOrSaveDot(file, dot, () -> Rendering.render(dot, engine, Rendering.Output.PDF, 1));
    writeAtomically(file, out -> out.write(pdf));
    return file;
  }

  /**
   * Writes DOT, SVG, PNG or PDF according to the file's extension.
   *
   * @param file a path ending in .dot, .gv, .svg, .png or .pdf (any case)
   * @return {@code file}
   * @throws IOException if a file cannot be written
   * @throws RenderException if SVG, PNG or PDF was asked for and no Graphviz engine works
   * @throws IllegalArgumentException for any other extension
   */
  public Path write(Path file) throws IOException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".dot") || lower.endsWith(".gv")) {
      return writeDot(file);
    }
    if (lower.endsWith(".svg")) {
      return writeSvg(file);
    }
    if (lower.endsWith(".png")) {
      return writePng(file);
    }
    if (lower.endsWith(".pdf")) {
      return writePdf(file);
    }
    throw Errors.illegalArgument(
        "Diagram.write", "file", "'" + file + "' does not end in .dot, .gv, .svg, .png or .pdf");
  }

  /** The .dot file written next to {@code file} when rendering it fails. */
  static Path dotSibling(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return file.resolveSibling(base + ".dot");
  }

  private interface Render<T> {
    T run();
  }

  private <T> T renderOrSaveDot(Path file, String dot, Render<T> render) throws IOException {
    try {
      return render.run();
    } catch (RenderException e) {
      Path dotFile = dotSibling(file);
      byte[] bytes = dot.getBytes(StandardCharsets.UTF_8);
      writeAtomically(dotFile, out -> out.write(bytes));
      throw new RenderException(
          "Diagram: cannot write "
              + file
              + ": "
              + e.getMessage()
              + ". The diagram's DOT text was written to "
              + dotFile
              + " instead; once Graphviz is installed, render it with: dot -T"
              + extension(file)
              + " "
              + dotFile
              + " -o "
              + file,
          dotFile,
          e.getCause());
    }
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "svg";
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes to a temporary file in the same directory, then moves it over the target. The temporary
   * file is opened with CREATE_NEW (not {@code Files.createTempFile}, which makes it private to the
   * owner), so the result gets the usual permissions.
   */
  private static void writeAtomically(Path file, Writer writer) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = null;
    OutputStream stream = null;
    for (int attempt = 0; stream == null; attempt++) {
      tmp =
          dir.resolve(
              "." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
      try {
        stream =
            Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
    try {
      try (OutputStream out = stream) {
        writer.write(out);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
