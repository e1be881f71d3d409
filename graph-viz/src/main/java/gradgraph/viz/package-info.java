/**
 * Diagrams of recorded graphs: {@link gradgraph.viz.Diagram} walks back from an output variable and
 * writes deterministic DOT text in the book's apple-price style (values above each edge, gradients
 * flowing back in red), a DeZero-like style, or a compact style that groups ops by name scope; SVG
 * and PNG are rendered through graphviz-java, by the {@code dot} command when installed and by its
 * bundled engine otherwise. {@link gradgraph.viz.AppleGraphs} builds and draws the book's apple
 * examples.
 */
package gradgraph.viz;
