package gradgraph.viz;

/** Which Graphviz a {@link Diagram} renders SVG, PNG and PDF with. DOT text needs none. */
public enum RenderEngine {
  /**
   * The {@code dot} command when it is on {@code PATH} (the default), otherwise the bundled engine,
   * so a machine without Graphviz still renders SVG and PNG. If {@code dot} fails, the bundled
   * engine is tried next.
   */
  AUTO,
  /**
   * The {@code dot} command of an installed Graphviz, run directly: fastest, draws PDF too, and its
   * PNG uses the fonts the labels were measured with (Debian: {@code apt-get install graphviz}).
   */
  DOT_COMMAND,
  /**
   * Graphviz compiled to JavaScript (viz.js) run in the V8 engine that graphviz-java bundles for
   * x86-64 Linux, macOS and Windows: nothing to install; SVG and PNG only. Its 19 MB native library
   * is unpacked once into the cache directory ({@code $XDG_CACHE_HOME/gradgraph}, else {@code
   * ~/.cache/gradgraph}, or the system property {@code gradgraph.cache.dir}); the first diagram in
   * a JVM takes a second or two.
   */
  BUNDLED
}
