package gradgraph.viz;

/** Which Graphviz a {@link Diagram} renders SVG and PNG with. DOT text needs none. */
public enum RenderEngine {
  /**
   * The {@code dot} command when it is on {@code PATH}, otherwise the bundled engine (the default),
   * so a machine without Graphviz still renders.
   */
  AUTO,
  /** The {@code dot} command of an installed Graphviz (fastest; Debian: {@code graphviz}). */
  DOT_COMMAND,
  /**
   * Graphviz compiled to JavaScript (viz.js) run in the V8 engine that graphviz-java bundles for
   * x86-64 Linux, macOS and Windows: nothing to install; the first diagram takes a second or two.
   */
  BUNDLED
}
