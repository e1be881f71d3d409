package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.Well19937c;

/**
 * Inverted dropout: in training mode ({@link Mode}) each element is zeroed with probability {@code
 * p} and the rest scaled by {@code 1/(1 − p)}; in evaluation mode the input passes unchanged.
 *
 * <p>Masks are reproducible: call {@code k} draws from a generator seeded with {@code (seed, k)},
 * and the seed and call counter form a buffer saved in checkpoints ({@code rngState}: seed high and
 * low 32 bits, calls), so a resumed run draws the same masks as an uninterrupted one.
 *
 * <ul>
 *   <li>input: any shape
 *   <li>parameters: none; buffer {@code rngState} {@code [3]}
 *   <li>output: the input's shape
 * </ul>
 */
public final class Dropout extends Module {
  private final double p;
  private long seed;
  private long calls;

  /**
   * Creates a layer.
   *
   * @param p the drop probability, in {@code [0, 1)}
   * @param seed the seed of the masks
   */
  public Dropout(double p, long seed) {
    Errors.check(p >= 0 && p < 1, "Dropout", "p", "must be in [0, 1), got " + p);
    this.p = p;
    this.seed = seed;
    registerBuffer(
        "rngState",
        () -> Tensor.vector(this.seed >>> 32, this.seed & 0xffffffffL, calls),
        t -> {
          double[] v = t.toDoubleArray();
          this.seed = ((long) v[0] << 32) | (long) v[1];
          calls = (long) v[2];
        });
  }

  @Override
  protected Variable forward(Variable x) {
    if (!Mode.isTraining() || p == 0) {
      return x;
    }
    long k = calls++;
    Well19937c rng = new Well19937c(new int[] {(int) seed, (int) (seed >>> 32), (int) k, 0x5eed});
    return Ops.dropout(x, p, true, rng);
  }

  @Override
  protected String describe() {
    return "Dropout(p " + p + ")";
  }
}
