package gradgraph.core.device;

/**
 * The FLOAT32 elementwise loops that the JIT does not vectorize by itself (a select on a compare):
 * ReLU and its backward. {@link #INSTANCE} runs them on the Vector API ({@code VectorLanes}) when
 * the {@code jdk.incubator.vector} module is present, else as branch-free scalar loops. Both give
 * the same bits: {@code relu(x) = x > 0 ? x : +0} (NaN gives +0) and {@code reluBackward(x, g) = g
 * · (x > 0 ? 1 : 0)} (a NaN or infinite {@code g} stays NaN).
 */
abstract class Lanes {
  /** The implementation in use. */
  static final Lanes INSTANCE = load();

  /** For subclasses. */
  Lanes() {}

  private static Lanes load() {
    if (CpuGemm.vectorModulePresent()) {
      try {
        // by name, so that nothing links the incubator classes unless the module is there
        return (Lanes)
            Class.forName("gradgraph.core.device.VectorLanes")
                .getDeclaredConstructor()
                .newInstance();
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return new Scalar();
      }
    }
    return new Scalar();
  }

  /** Writes {@code relu(a[i])} to {@code out[i]} for {@code from <= i < to}. */
  abstract void relu(float[] a, float[] out, int from, int to);

  /** Writes {@code g[i] · (x[i] > 0 ? 1 : 0)} to {@code out[i]} for {@code from <= i < to}. */
  abstract void reluBackward(float[] x, float[] g, float[] out, int from, int to);

  /** Scalar loops on the bits: integer ops only, which the JIT vectorizes on recent JDKs. */
  static final class Scalar extends Lanes {
    @Override
    void relu(float[] a, float[] out, int from, int to) {
      for (int i = from; i < to; i++) {
        int b = Float.floatToRawIntBits(a[i]);
        // keep b when 0 <= b <= +∞'s bits (positive numbers and +0); negatives, −0 and NaNs → +0
        int keep = ~((b | (0x7f800000 - b)) >> 31);
        out[i] = Float.intBitsToFloat(b & keep);
      }
    }

    @Override
    void reluBackward(float[] x, float[] g, float[] out, int from, int to) {
      for (int i = from; i < to; i++) {
        int b = Float.floatToRawIntBits(x[i]);
        // 1.0f when 0 < b <= +∞'s bits (x > 0), else +0.0f
        int one = ~(((b - 1) | (0x7f800000 - b)) >> 31) & 0x3f800000;
        out[i] = g[i] * Float.intBitsToFloat(one);
      }
    }
  }
}
