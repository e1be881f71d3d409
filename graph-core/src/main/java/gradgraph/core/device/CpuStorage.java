package gradgraph.core.device;

import gradgraph.core.tensor.DType;

/**
 * Heap memory for CPU tensors: a {@code float[]} for FLOAT32 or a {@code double[]} for FLOAT64.
 * Kernels read and write the arrays directly.
 */
public final class CpuStorage implements Storage {
  private final float[] floats;
  private final double[] doubles;

  private CpuStorage(float[] floats, double[] doubles) {
    this.floats = floats;
    this.doubles = doubles;
  }

  /**
   * Wraps a float array without copying.
   *
   * @param data the elements (kept, not copied)
   * @return a FLOAT32 storage
   */
  public static CpuStorage of(float[] data) {
    return new CpuStorage(data, null);
  }

  /**
   * Wraps a double array without copying.
   *
   * @param data the elements (kept, not copied)
   * @return a FLOAT64 storage
   */
  public static CpuStorage of(double[] data) {
    return new CpuStorage(null, data);
  }

  /**
   * Allocates zeroed memory.
   *
   * @param dtype the element type
   * @param size the element count
   * @return the new storage
   */
  public static CpuStorage allocate(DType dtype, int size) {
    return dtype == DType.FLOAT32 ? of(new float[size]) : of(new double[size]);
  }

  /**
   * Returns the float array of a FLOAT32 storage.
   *
   * @return the backing array (not a copy)
   * @throws IllegalStateException if this storage is FLOAT64
   */
  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("storage is FLOAT64, not FLOAT32");
    }
    return floats;
  }

  /**
   * Returns the double array of a FLOAT64 storage.
   *
   * @return the backing array (not a copy)
   * @throws IllegalStateException if this storage is FLOAT32
   */
  public double[] doubles() {
    if (doubles == null) {
      throw new IllegalStateException("storage is FLOAT32, not FLOAT64");
    }
    return doubles;
  }

  @Override
  public DType dtype() {
    return floats != null ? DType.FLOAT32 : DType.FLOAT64;
  }

  @Override
  public int size() {
    return floats != null ? floats.length : doubles.length;
  }

  @Override
  public Device device() {
    return Device.CPU;
  }

  /**
   * Reads one element as a double.
   *
   * @param i the flat index
   * @return the element
   */
  public double get(int i) {
    return floats != null ? floats[i] : doubles[i];
  }
}
