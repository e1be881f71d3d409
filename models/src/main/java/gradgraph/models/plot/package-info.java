/**
 * Pictures of training and of the book's experiments, written as PNG files without a display (AWT
 * runs headless, files are written atomically): {@link gradgraph.models.plot.Curves} draws named
 * series such as training and validation loss over epochs (with XChart) and writes the same numbers
 * as CSV; {@link gradgraph.models.plot.ConfusionMatrixChart} draws a confusion matrix as a heat map
 * and {@link gradgraph.models.plot.Evaluation} prints it with per-class precision, recall and F1;
 * {@link gradgraph.models.plot.ImageGrid} draws images or convolution filters as a grey grid;
 * {@link gradgraph.models.plot.Histograms} draws histogram panels over a shared range (activations
 * per layer); {@link gradgraph.models.plot.PlanePlot} draws the plane with a scalar field or a
 * classifier's decision regions (e.g. on the spiral data set) under paths and labelled points;
 * {@link gradgraph.models.plot.WordMap} draws word vectors, labelled, on their first two principal
 * components.
 */
package gradgraph.models.plot;
