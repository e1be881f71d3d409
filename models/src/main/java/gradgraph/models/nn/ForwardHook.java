package gradgraph.models.nn;

import gradgraph.core.Variable;
import java.util.List;

/**
 * Watches module calls on one thread, as PyTorch's global forward hooks do: {@link #before} runs
 * when a module's {@code apply} starts, {@link #after} when its {@code forward} has returned, so
 * nested calls arrive as properly nested pairs. Install one with {@link ForwardHooks#install};
 * {@link gradgraph.models.summary.ModelSummary} is built on it.
 *
 * <p>A call whose {@code forward} throws gets no {@code after}; the exception goes on to the
 * caller.
 */
public interface ForwardHook {
  /**
   * Runs before a module's {@code forward}.
   *
   * @param module the module being called
   * @param inputs its inputs, in order (not modified)
   */
  void before(Module module, List<Variable> inputs);

  /**
   * Runs after a module's {@code forward} returned.
   *
   * @param module the module that was called
   * @param inputs its inputs, in order (not modified)
   * @param output what it returned (not modified)
   */
  void after(Module module, List<Variable> inputs, Variable output);
}
