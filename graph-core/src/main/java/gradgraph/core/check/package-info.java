/**
 * Numerical gradient checks in float64: {@link gradgraph.core.check.GradCheck} compares backward
 * with central differences and reports the worst element per input; {@link
 * gradgraph.core.check.GradAssertions} turns a failed report into a test failure.
 */
package gradgraph.core.check;
