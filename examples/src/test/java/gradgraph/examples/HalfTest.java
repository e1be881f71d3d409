package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.Tensor;
import gradgraph.examples.ch08.Half;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfTest {
  private static int bits(float f) {
    return Half.toBits(f) & 0xffff;
  }

  @Test
  void knownEncodings() {
    assertEquals(0x3c00, bits(1f));
    assertEquals(0xc000, bits(-2f));
    assertEquals(0x0000, bits(0f));
    assertEquals(0x8000, bits(-0f));
    assertEquals(0x3555, bits(1f / 3)); // 0.333251953125
    assertEquals(0x7bff, bits(65504f));
    assertEquals(0x7bff, bits(65519f)); // below the midpoint to 65536
    assertEquals(0x7c00, bits(65520f)); // the midpoint ties away to infinity (even)
    assertEquals(0x7c00, bits(Float.POSITIVE_INFINITY));
    assertEquals(0xfc00, bits(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(Half.round(Float.NaN)));
    assertEquals(0x0400, bits(0x1p-14f)); // smallest normal
    assertEquals(0x0001, bits(0x1p-24f)); // smallest subnormal
    assertEquals(0x0000, bits(0x1p-25f)); // half of it ties to even: 0
    assertEquals(0x0001, bits(0x1.8p-25f)); // above the tie: rounds up
    assertEquals(0x03ff, bits(0x1p-14f - 0x1p-24f)); // largest subnormal
  }

  @Test
  void tiesGoToEven() {
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to 1 (even fraction)
    assertEquals(1f, Half.round(1f + 0x1p-11f));
    // 1 + 3·2^-11 is halfway between 1 + 2^-10 and 1 + 2^-9: ties to 1 + 2^-9
    assertEquals(1f + 0x1p-9f, Half.round(1f + 3 * 0x1p-11f));
    assertEquals(1f + 0x1p-10f, Half.round(1f + 0x1p-11f + 0x1p-20f));
  }

  @Test
  void everyHalfRoundTripsAndEveryFloatGoesToANearestHalf() {
    for (int h = 0; h < 0x10000; h++) {
      float f = Half.fromBits((short) h);
      if (Float.isNaN(f)) {
        continue;
      }
      assertEquals(h, bits(f), "half " + Integer.toHexString(h));
    }
    Random r = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      float f = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(40) - 28));
      float h = Half.round(f);
      if (Math.abs(f) >= 65520f) {
        assertTrue(Float.isInfinite(h));
        continue;
      }
      // no half lies strictly closer: the neighbours of h are at least as far from f
      short hb = Half.toBits(h);
      float up = Half.fromBits((short) (hb + 1));
      float down = Half.fromBits((short) (hb - 1));
      double err = Math.abs((double) f - h);
      if (!Float.isNaN(up) && Math.signum(up) == Math.signum(h)) {
        assertTrue(err <= Math.abs((double) f - up), f + " -> " + h + " but " + up + " is closer");
      }
      if (!Float.isNaN(down) && Math.signum(down) == Math.signum(h) && h != 0) {
        assertTrue(
            err <= Math.abs((double) f - down), f + " -> " + h + " but " + down + " is closer");
      }
    }
  }

  @Test
  void agreesWithTheJdkWhereItHasFloat16() throws Exception {
    Method toF16;
    try {
      toF16 = Float.class.getMethod("floatToFloat16", float.class);
    } catch (NoSuchMethodException e) {
      return; // JDK 17-19: the exhaustive and nearest-value tests above stand alone
    }
    Random r = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      float f = Float.intBitsToFloat(r.nextInt());
      if (Float.isNaN(f)) {
        continue;
      }
      assertEquals((short) toF16.invoke(null, f), Half.toBits(f), "at " + f);
    }
  }

  @Test
  void roundsTensors() {
    Tensor t = Tensor.of(new float[] {1f / 3, 70000f, -1e-9f}, 3);
    float[] v = Half.round(t).toFloatArray();
    assertEquals(0.333251953125f, v[0]);
    assertTrue(Float.isInfinite(v[1]));
    assertEquals(-0f, v[2]);
  }
}
