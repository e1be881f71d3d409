package gradgraph.cuda.parity;

import java.util.List;

/**
 * A source of parity cases, found with {@link java.util.ServiceLoader} on the test class path (list
 * implementations in {@code META-INF/services/gradgraph.cuda.parity.ParityCaseProvider}).
 * graph-core's kernels and primitives are covered by {@link CoreParityCases}; the graph-ops op
 * table can be plugged in the same way, by a provider that turns each table row into a {@link
 * ParityCase#graph} case.
 */
public interface ParityCaseProvider {
  /**
   * Returns the cases.
   *
   * @return the cases, CPU inputs
   */
  List<ParityCase> cases();
}
