package gradgraph.examples.ch08;

import gradgraph.core.tensor.Tensor;

/**
 * IEEE 754 half precision (binary16: 1 sign bit, 5 exponent bits, 10 fraction bits), written out
 * because {@code Float.floatToFloat16} only exists from JDK 20 and Gradgraph targets 17. Rounding
 * is to nearest, ties to even, as the hardware does; values from 65 520 up become infinity, values
 * below 2⁻²⁵ become zero, and the range between keeps subnormals.
 */
public final class Half {
  private Half() {}

  /** The largest finite half, 65 504. */
  public static final float MAX = 65504f;

  /**
   * Encodes a float as the nearest half.
   *
   * @param f the value
   * @return the half's 16 bits
   */
  public static short toBits(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) { // infinity or NaN; NaN keeps a quiet bit and its top payload bits
      return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 | (abs >>> 13) & 0x3ff : 0));
    }
    if (abs >= 0x477ff000) { // 65520 and up round to infinity
      return (short) (sign | 0x7c00);
    }
    if (abs < 0x38800000) { // below 2^-14, the smallest normal half: a subnormal m·2^-24, or 0
      int exp = abs >>> 23;
      if (exp < 102) {
        return (short) sign;
      }
      int mant = (abs & 0x7fffff) | 0x800000;
      int shift = 126 - exp; // m = mant·2^(exp−150) / 2^-24, so shift right by 126 − exp
      return (short) (sign | roundShift(mant, shift));
    }
    // normal: rebias the exponent (127 → 15) and drop 13 fraction bits, rounding; a carry out of
    // the fraction correctly bumps the exponent
    return (short) (sign | roundShift(abs - 0x38000000, 13));
  }

  /** {@code v >> shift}, rounded to nearest, ties to even. */
  private static int roundShift(int v, int shift) {
    int q = v >>> shift;
    int rem = v & ((1 << shift) - 1);
    int half = 1 << (shift - 1);
    if (rem > half || (rem == half && (q & 1) == 1)) {
      q++;
    }
    return q;
  }

  /**
   * Decodes a half.
   *
   * @param h the half's 16 bits
   * @return its value, exactly, as a float
   */
  public static float fromBits(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int frac = h & 0x3ff;
    if (exp == 0) {
      float v = frac * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | frac << 13);
    }
    return Float.intBitsToFloat(sign | (exp + 112) << 23 | frac << 13);
  }

  /**
   * Rounds a float to the nearest half and back.
   *
   * @param f the value
   * @return the nearest value a half can hold
   */
  public static float round(float f) {
    return fromBits(toBits(f));
  }

  /**
   * Rounds every element of a tensor to half precision, keeping its shape and FLOAT32 storage.
   *
   * @param t the tensor (not modified)
   * @return a new FLOAT32 tensor whose values are all representable in half precision
   */
  public static Tensor round(Tensor t) {
    float[] v = t.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = round(v[i]);
    }
    return Tensor.of(v, t.shape());
  }
}
