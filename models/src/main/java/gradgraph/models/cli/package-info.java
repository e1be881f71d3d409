/** The {@code gradgraph} command line (picocli). */
package gradgraph.models.cli;
