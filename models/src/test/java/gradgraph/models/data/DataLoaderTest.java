package gradgraph.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** Ten examples whose single feature equals their index, labels index % 3. */
  static Dataset tiny(int n) {
    float[] x = new float[n * 2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
      y[i] = i % 3;
    }
    return new Dataset("tiny", Tensor.of(x, n, 2), y, 3);
  }

  private static List<int[]> ids(Iterable<Batch> batches) {
    List<int[]> out = new ArrayList<>();
    for (Batch b : batches) {
      float[] v = b.x().toFloatArray();
      int[] id = new int[b.size()];
      for (int i = 0; i < id.length; i++) {
        id[i] = (int) v[2 * i];
        assertEquals(-id[i], v[2 * i + 1], 0.0);
        assertEquals(id[i] % 3, b.labels()[i], "label follows its row");
      }
      out.add(id);
    }
    return out;
  }

  @Test
  void inOrderKeepsLastBatch() {
    List<int[]> b = ids(new DataLoader(tiny(10), 4));
    assertEquals(3, b.size());
    assertArrayEquals(new int[] {0, 1, 2, 3}, b.get(0));
    assertArrayEquals(new int[] {8, 9}, b.get(2));
  }

  @Test
  void dropLastSkipsSmallBatch() {
    DataLoader l = new DataLoader(tiny(10), 4, false, 0, true);
    assertEquals(2, l.batchesPerEpoch());
    assertEquals(2, ids(l).size());
  }

  @Test
  void shuffleIsAPermutationDeterministicPerSeedAndNewEachEpoch() {
    DataLoader a = new DataLoader(tiny(50), 8, true, 7, false);
    DataLoader b = new DataLoader(tiny(50), 8, true, 7, false);
    int[] e0 = flat(ids(a));
    int[] e1 = flat(ids(a));
    assertArrayEquals(e0, flat(ids(b)), "same seed, same first epoch");
    assertArrayEquals(e1, flat(ids(b)), "same seed, same second epoch");
    assertFalse(Arrays.equals(e0, e1), "epochs differ");
    assertArrayEquals(e1, flat(ids(a.epoch(1))), "epoch(1) is random access");
    int[] sorted = e0.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, sorted[i]);
    }
    int[] other = flat(ids(new DataLoader(tiny(50), 8, true, 8, false)));
    assertFalse(Arrays.equals(e0, other), "another seed, another order");
  }

  @Test
  void transformApplies() {
    DataLoader l = new DataLoader(tiny(4), 4).withTransform(t -> t.mul(2.0));
    Batch b = l.iterator().next();
    assertEquals(6.0, b.x().get(3, 0), 0.0);
  }

  @Test
  void splitAndSubset() {
    Dataset d = tiny(20);
    Dataset.Split s = d.split(0.25, 1);
    assertEquals(5, s.validation().size());
    assertEquals(15, s.train().size());
    boolean[] seen = new boolean[20];
    for (Dataset part : List.of(s.train(), s.validation())) {
      for (int i = 0; i < part.size(); i++) {
        int id = (int) part.x().get(i, 0);
        assertFalse(seen[id]);
        seen[id] = true;
        assertEquals(id % 3, part.label(i));
      }
    }
    Dataset.Split none = d.split(0.0, 1);
    assertEquals(0, none.validation().size());
    assertArrayEquals(new int[] {0, 2}, none.validation().x().shape());
    assertEquals(20, none.train().size());
    Dataset sub = d.subset(new int[] {3, 1});
    assertEquals(3.0, sub.x().get(0, 0), 0.0);
    assertArrayEquals(new int[] {0, 1}, sub.labels());
    assertArrayEquals(new int[] {2, 1, 0}, d.subset(new int[] {0, 1, 3}).classCounts());
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(tiny(3), 0));
    assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset("d", Tensor.of(new float[2], 2, 1), new int[] {0, 5}, 3));
    assertTrue(e.getMessage().contains("label 5 at index 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dataset("d", Tensor.of(new float[2], 2, 1), new int[] {0}, 3));
    assertTrue(e.getMessage().contains("1 labels for inputs of shape [2, 1]"), e.getMessage());
  }

  private static int[] flat(List<int[]> batches) {
    return batches.stream().flatMapToInt(Arrays::stream).toArray();
  }

  @Test
  void prefetchingGivesExactlyThePlainBatchesAndTransforms() {
    // a stateful transform (a counter added to every input) shows the calls keep their order
    int[] calls = new int[2];
    DataLoader plain =
        new DataLoader(tiny(50), 8, true, 7, false).withTransform(x -> x.add(calls[0]++ * 1000.0));
    DataLoader pre =
        new DataLoader(tiny(50), 8, true, 7, false)
            .withTransform(x -> x.add(calls[1]++ * 1000.0))
            .withPrefetch();
    for (int epoch = 0; epoch < 3; epoch++) {
      List<Batch> a = new ArrayList<>();
      plain.epoch(epoch).forEach(a::add);
      List<Batch> b = new ArrayList<>();
      pre.epoch(epoch).forEach(b::add);
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(a.get(i).x().toFloatArray(), b.get(i).x().toFloatArray());
        assertArrayEquals(a.get(i).labels(), b.get(i).labels());
      }
    }
    assertEquals(calls[0], calls[1]);
  }

  @Test
  void prefetchingSurfacesErrorsAndAllowsStoppingEarly() {
    DataLoader bad =
        new DataLoader(tiny(20), 5)
            .withTransform(
                x -> {
                  throw new IllegalStateException("transform broke");
                })
            .withPrefetch();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> bad.iterator().next());
    assertEquals("transform broke", e.getMessage());
    DataLoader ok = new DataLoader(tiny(20), 5).withPrefetch();
    // abandon an epoch after one batch, then a whole epoch still comes out right
    assertArrayEquals(
        new int[] {0, 1, 2, 3, 4}, ids(List.of(ok.epoch(0).iterator().next())).get(0));
    List<int[]> all = ids(ok.epoch(1));
    assertEquals(4, all.size());
    assertArrayEquals(new int[] {15, 16, 17, 18, 19}, all.get(3));
  }
}
