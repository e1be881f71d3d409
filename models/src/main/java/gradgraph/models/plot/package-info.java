/**
 * Pictures of training, written as PNG files without a display (AWT runs headless): {@link
 * gradgraph.models.plot.Curves} draws named series such as training and validation loss over epochs
 * (with XChart) and writes the same numbers as CSV; {@link
 * gradgraph.models.plot.ConfusionMatrixChart} draws a confusion matrix as a heat map with its
 * counts.
 */
package gradgraph.models.plot;
