package gradgraph.cuda.plan;

/**
 * How many blocks of how many threads one launch uses. Every kernel loops with a grid stride, so
 * the grid may be smaller than {@code ceil(n / block)}: it is capped by the device's grid limit and
 * by a residency cap (a few waves of blocks per multiprocessor), beyond which more blocks only add
 * scheduling work.
 *
 * @param grid blocks, at least 1 (0 only in {@link #NONE})
 * @param block threads per block
 */
public record LaunchConfig(int grid, int block) {
  /** The launch that is skipped: nothing to do. */
  public static final LaunchConfig NONE = new LaunchConfig(0, 0);

  /** Threads per block for elementwise kernels. */
  public static final int DEFAULT_BLOCK = 256;

  /**
   * Plans an elementwise launch over {@code n} items.
   *
   * @param n items, 0 or more (0 gives {@link #NONE})
   * @param block threads per block, 1 to 1024
   * @param maxGrid the device's grid limit in x (2^31 − 1 on every supported GPU)
   * @param multiprocessors the device's SM count, for the residency cap (0: no cap)
   * @return the configuration
   */
  public static LaunchConfig forElements(long n, int block, int maxGrid, int multiprocessors) {
    if (n < 0) {
      throw new IllegalArgumentException("launch: n: must be >= 0, got " + n);
    }
    if (block < 1 || block > 1024) {
      throw new IllegalArgumentException("launch: block: must be in [1, 1024], got " + block);
    }
    if (maxGrid < 1) {
      throw new IllegalArgumentException("launch: maxGrid: must be >= 1, got " + maxGrid);
    }
    if (n == 0) {
      return NONE;
    }
    long blocks = (n + block - 1) / block;
    long cap = maxGrid;
    if (multiprocessors > 0) {
      cap = Math.min(cap, 32L * multiprocessors * Math.max(1, 1024 / block));
    }
    return new LaunchConfig((int) Math.min(blocks, cap), block);
  }

  /**
   * Plans a block-per-output launch (block reductions): one block per output up to the cap, and a
   * power-of-two block no wider than needed for {@code perOutput} items.
   *
   * @param outputs outputs, 0 or more
   * @param perOutput items reduced into each output
   * @param maxGrid the device's grid limit in x
   * @return the configuration
   */
  public static LaunchConfig forBlocks(long outputs, long perOutput, int maxGrid) {
    if (outputs <= 0) {
      return NONE;
    }
    int block = 32;
    while (block < 1024 && block < perOutput) {
      block <<= 1;
    }
    return new LaunchConfig((int) Math.min(outputs, maxGrid), block);
  }

  /**
   * Tells whether there is nothing to launch.
   *
   * @return true for {@link #NONE}
   */
  public boolean isEmpty() {
    return grid == 0;
  }
}
