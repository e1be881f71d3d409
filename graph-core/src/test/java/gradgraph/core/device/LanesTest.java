package gradgraph.core.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both ReLU implementations give the reference bits, special values and ragged ranges included. */
class LanesTest {
  private static final float[] SPECIAL = {
    Float.NaN,
    Float.intBitsToFloat(0xffc00001), // a negative NaN
    Float.intBitsToFloat(0x7f800001), // a signalling-pattern NaN
    -0f,
    0f,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MIN_NORMAL,
    1f,
    -1f,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY
  };

  private static float[] values(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (float) r.nextGaussian();
    }
    return v;
  }

  private static void sameBits(float want, float got, String what) {
    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), what);
  }

  @Test
  void scalarAndVectorKernelsMatchTheDefinitionsBitForBit() {
    Random r = new Random(3);
    Lanes[] impls = {new Lanes.Scalar(), Lanes.INSTANCE};
    for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 33, 257, 1000}) {
      float[] x = values(r, n + 3);
      float[] g = values(r, n + 3);
      for (Lanes lanes : impls) {
        String at = lanes.getClass().getSimpleName() + " n=" + n;
        float[] y = new float[n + 3];
        float[] gx = new float[n + 3];
        y[0] = 42f; // outside [from, to): untouched
        lanes.relu(x, y, 1, n + 1);
        lanes.reluBackward(x, g, gx, 1, n + 1);
        sameBits(42f, y[0], at);
        for (int i = 1; i <= n; i++) {
          sameBits(x[i] > 0 ? x[i] : 0f, y[i], at + " relu(" + x[i] + ")");
          sameBits(g[i] * (x[i] > 0 ? 1f : 0f), gx[i], at + " relu'(" + x[i] + ") · " + g[i]);
        }
        sameBits(0f, y[n + 1], at);
      }
    }
  }

  @Test
  void theVectorKernelsAreUsedWhenTheModuleIsPresent() {
    assertEquals(
        CpuGemm.vectorModulePresent(), !(Lanes.INSTANCE instanceof Lanes.Scalar), "Lanes.INSTANCE");
    assertTrue(Lanes.INSTANCE != null);
  }
}
