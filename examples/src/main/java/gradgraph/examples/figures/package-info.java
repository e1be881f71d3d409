/**
 * Image helpers shared by the examples, written once: grids of images or filters, histogram panels,
 * and plane plots (a scalar field or class regions with paths and points over it). Line curves come
 * from {@link gradgraph.models.plot.Curves}. These belong in {@code gradgraph.models.plot}; they
 * live here until they move.
 */
package gradgraph.examples.figures;
