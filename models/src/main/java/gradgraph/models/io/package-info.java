/**
 * Files: tensors in the safetensors format ({@link gradgraph.models.io.SafeTensors}), the format of
 * Gradgraph's checkpoints, which Hugging Face's and PyTorch's safetensors loaders read as well;
 * atomic writes ({@link gradgraph.core.io.AtomicFiles}) so that a crash mid-save leaves the
 * previous file intact; and {@link gradgraph.models.io.FileFormatException}, the error for a file
 * whose content is wrong, naming the file and the problem.
 */
package gradgraph.models.io;
