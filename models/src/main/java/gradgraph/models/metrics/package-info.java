/**
 * Classification metrics: {@link gradgraph.models.metrics.Metrics#accuracy accuracy} and a {@link
 * gradgraph.models.metrics.ConfusionMatrix} with per-class precision, recall and F1 and a text
 * report; {@link gradgraph.models.plot.ConfusionMatrixChart} draws it as a PNG.
 */
package gradgraph.models.metrics;
