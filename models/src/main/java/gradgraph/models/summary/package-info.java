/**
 * Model summaries in the manner of Keras's {@code summary()} and torchinfo: {@link
 * gradgraph.models.summary.ModelSummary} runs one forward pass through a {@link
 * gradgraph.models.nn.ForwardHook} and reports, per module call, the output shape, parameters,
 * mult-adds and receptive field, then the totals and a memory estimate; {@code gradgraph summary}
 * prints it for the ready-made models.
 */
package gradgraph.models.summary;
