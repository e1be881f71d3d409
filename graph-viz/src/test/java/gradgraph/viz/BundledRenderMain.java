package gradgraph.viz;

import java.nio.file.Path;

/**
 * Renders the apple graph with the bundled engine in a JVM of its own, for {@link
 * BundledLibraryTest}: the JVM's own warnings go to its standard streams, which only a parent
 * process can read. With the argument {@code --load-raw FILE} it loads that library unchanged
 * instead, to show the warning the cache avoids.
 */
public final class BundledRenderMain {
  private BundledRenderMain() {}

  /**
   * Runs it.
   *
   * @param args the SVG file to write, or {@code --load-raw} and a library
   * @throws Exception if rendering fails
   */
  public static void main(String[] args) throws Exception {
    if (args[0].equals("--load-raw")) {
      System.load(Path.of(args[1]).toAbsolutePath().toString());
      System.out.println("loaded");
      return;
    }
    Path svg =
        Diagram.of(AppleGraphs.apple()).engine(RenderEngine.BUNDLED).writeSvg(Path.of(args[0]));
    System.out.println("rendered " + svg);
  }
}
