package gradgraph.cuda.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LaunchConfigTest {
  private static final int MAX_GRID = Integer.MAX_VALUE;

  @Test
  void zeroItemsLaunchNothing() {
    LaunchConfig c = LaunchConfig.forElements(0, 256, MAX_GRID, 80);
    assertTrue(c.isEmpty());
    assertEquals(LaunchConfig.NONE, c);
  }

  @Test
  void oneItemOneBlock() {
    assertEquals(new LaunchConfig(1, 256), LaunchConfig.forElements(1, 256, MAX_GRID, 80));
  }

  @Test
  void oddSizesRoundUp() {
    assertEquals(new LaunchConfig(1, 256), LaunchConfig.forElements(255, 256, MAX_GRID, 0));
    assertEquals(new LaunchConfig(1, 256), LaunchConfig.forElements(256, 256, MAX_GRID, 0));
    assertEquals(new LaunchConfig(2, 256), LaunchConfig.forElements(257, 256, MAX_GRID, 0));
    assertEquals(new LaunchConfig(4, 3), LaunchConfig.forElements(10, 3, MAX_GRID, 0));
  }

  @Test
  void moreThanOneGridIsCappedAndCoveredByTheGridStrideLoop() {
    long n = 1L << 40; // more than 2^31 - 1 blocks of 256
    LaunchConfig c = LaunchConfig.forElements(n, 256, 65535, 0);
    assertEquals(new LaunchConfig(65535, 256), c);
    LaunchConfig big = LaunchConfig.forElements(n, 256, MAX_GRID, 0);
    assertEquals(MAX_GRID, big.grid());
    // Every item i < n is visited: the loop covers i, i + grid*block, ...
    assertTrue((long) big.grid() * big.block() * (n / ((long) big.grid() * big.block()) + 1) >= n);
  }

  @Test
  void residencyCapDependsOnMultiprocessors() {
    // 32 waves of 4 blocks (1024 / 256) on each of 80 SMs.
    assertEquals(
        new LaunchConfig(32 * 80 * 4, 256),
        LaunchConfig.forElements(100_000_000L, 256, MAX_GRID, 80));
    assertEquals(new LaunchConfig(1000, 256), LaunchConfig.forElements(256_000, 256, MAX_GRID, 80));
  }

  @Test
  void badArgumentsAreNamed() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.forElements(-1, 256, 1, 0));
    assertEquals("launch: n: must be >= 0, got -1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LaunchConfig.forElements(5, 0, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> LaunchConfig.forElements(5, 2048, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> LaunchConfig.forElements(5, 256, 0, 0));
  }

  @Test
  void blockPerOutputUsesPowerOfTwoBlocks() {
    assertEquals(LaunchConfig.NONE, LaunchConfig.forBlocks(0, 1000, MAX_GRID));
    assertEquals(new LaunchConfig(3, 32), LaunchConfig.forBlocks(3, 1, MAX_GRID));
    assertEquals(new LaunchConfig(3, 512), LaunchConfig.forBlocks(3, 300, MAX_GRID));
    assertEquals(new LaunchConfig(7, 1024), LaunchConfig.forBlocks(7, 1 << 20, MAX_GRID));
    assertEquals(new LaunchConfig(65535, 256), LaunchConfig.forBlocks(1 << 20, 256, 65535));
  }
}
