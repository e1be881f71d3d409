package gradgraph.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  static final Path SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path tmp;

  /** Copies the bundled sample's four files into a directory. */
  static void copySample(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : IdxDatasetSpec.FILES) {
      try (InputStream in =
          FashionMnist.class
              .getClassLoader()
              .getResourceAsStream(FashionMnist.SAMPLE_RESOURCE + "/" + f)) {
        Files.copy(in, dir.resolve(f));
      }
    }
  }

  static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  @Test
  void bundledSampleLoadsBalancedAndInRange() throws IOException {
    IdxDatasets.TrainTest s = FashionMnist.sample();
    assertEquals(2000, s.train().size());
    assertEquals(500, s.test().size());
    assertArrayEquals(new int[] {2000, 1, 28, 28}, s.train().x().shape());
    int[] c = s.train().classCounts();
    for (int k = 0; k < 10; k++) {
      assertEquals(200, c[k], "training examples of class " + k);
      assertEquals(50, s.test().classCounts()[k], "test examples of class " + k);
    }
    double[] px = s.train().x().toDoubleArray();
    double min = 1;
    double max = 0;
    for (double p : px) {
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
    assertEquals(0.0, min, 0.0);
    assertEquals(1.0, max, 0.0);
    double m = mean(px);
    assertTrue(m > 0.25 && m < 0.33, "mean pixel " + m + " near the full set's 0.286");
    assertEquals("Ankle boot", s.train().classNames().get(9));
    assertEquals("fashion-mnist-sample/train", s.train().name());
    try (InputStream lic =
        getClass()
            .getClassLoader()
            .getResourceAsStream(FashionMnist.SAMPLE_RESOURCE + "/LICENSE.txt")) {
      String text = new String(lic.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(text.contains("Zalando SE") && text.contains("MIT"), text);
    }
  }

  @Test
  void sampleMatchesFullDataWhereInstalled() throws IOException {
    Assumptions.assumeTrue(
        Files.isDirectory(SYSTEM), "Fashion-MNIST is not installed in " + SYSTEM + "; skipped");
    IdxDatasets.TrainTest full =
        FashionMnist.load(
            DataOptions.defaults().withCacheRoot(tmp).withDownload(false).withProgress(null));
    assertEquals(SYSTEM.toString(), full.source());
    assertEquals(60000, full.train().size());
    assertEquals(10000, full.test().size());
    // the storage itself, not a 188 MB copy
    float[] px = ((gradgraph.core.device.CpuStorage) full.train().x().storage()).floats();
    double sum = 0;
    for (float p : px) {
      sum += p;
    }
    assertEquals(0.2860, sum / px.length, 5e-4);
    // the sample is the first 200 training and 50 test images of each class, in order
    IdxDatasets.TrainTest sample = FashionMnist.sample();
    assertSampleOf(full.train(), sample.train(), 200);
    assertSampleOf(full.test(), sample.test(), 50);
  }

  private static void assertSampleOf(Dataset full, Dataset sample, int perClass) {
    int[] taken = new int[10];
    int[] idx = new int[10 * perClass];
    int n = 0;
    for (int i = 0; i < full.size() && n < idx.length; i++) {
      if (taken[full.label(i)]++ < perClass) {
        idx[n++] = i;
      }
    }
    Dataset expected = full.subset(idx);
    assertArrayEquals(expected.labels(), sample.labels());
    assertArrayEquals(expected.x().toFloatArray(), sample.x().toFloatArray());
  }

  @Test
  void sampleLabelsMatchItsImages() {
    // a nearest-centroid classifier only beats chance if every label belongs to its image
    IdxDatasets.TrainTest s = FashionMnist.sample();
    float[] x = s.train().x().toFloatArray();
    double[][] centroid = new double[10][784];
    for (int i = 0; i < s.train().size(); i++) {
      for (int p = 0; p < 784; p++) {
        centroid[s.train().label(i)][p] += x[i * 784 + p] / 200.0;
      }
    }
    float[] t = s.test().x().toFloatArray();
    int right = 0;
    for (int i = 0; i < s.test().size(); i++) {
      int best = -1;
      double bestD = Double.MAX_VALUE;
      for (int k = 0; k < 10; k++) {
        double d = 0;
        for (int p = 0; p < 784; p++) {
          double e = t[i * 784 + p] - centroid[k][p];
          d += e * e;
        }
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      }
      right += best == s.test().label(i) ? 1 : 0;
    }
    double acc = right / 500.0;
    assertTrue(acc > 0.55, "nearest-centroid accuracy " + acc + " (chance is 0.1)");
  }

  @Test
  void dataDirWinsAndMustBeComplete() throws IOException {
    Path d = tmp.resolve("mine");
    copySample(d);
    DataOptions o = DataOptions.defaults().withDataDir(d).withCacheRoot(tmp.resolve("cache"));
    IdxDatasets.TrainTest t = FashionMnist.load(o.withDownload(false));
    assertEquals(d.toString(), t.source());
    assertEquals(2000, t.train().size());

    Files.delete(d.resolve(IdxDatasetSpec.TEST_LABELS));
    DataNotFoundException e =
        assertThrows(DataNotFoundException.class, () -> FashionMnist.load(o.withDownload(false)));
    assertTrue(e.getMessage().contains("lacks t10k-labels-idx1-ubyte.gz"), e.getMessage());
  }

  @Test
  void cacheDirIsSecondAndRawFilesCount() throws IOException {
    Path cache = tmp.resolve("cache");
    copySample(cache.resolve("fashion-mnist"));
    // a raw (gunzipped) file is accepted under the name without .gz
    Path gz = cache.resolve("fashion-mnist").resolve(IdxDatasetSpec.TEST_LABELS);
    try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
      Files.copy(in, cache.resolve("fashion-mnist").resolve("t10k-labels-idx1-ubyte"));
    }
    Files.delete(gz);
    IdxDatasets.TrainTest t =
        FashionMnist.load(DataOptions.defaults().withCacheRoot(cache).withDownload(false));
    assertEquals(cache.resolve("fashion-mnist").toString(), t.source());
    assertEquals(500, t.test().size());
  }

  @Test
  void offlineErrorListsFilesAndPlaces() {
    IdxDatasetSpec spec = FashionMnist.SPEC.withSystemDirs(List.of(tmp.resolve("no-such-system")));
    DataOptions o = DataOptions.defaults().withCacheRoot(tmp.resolve("cache")).withDownload(false);
    DataNotFoundException e =
        assertThrows(DataNotFoundException.class, () -> IdxDatasets.load(spec, o));
    String m = e.getMessage();
    for (String f : IdxDatasetSpec.FILES) {
      assertTrue(m.contains("  " + f + "\n"), m);
    }
    assertTrue(m.contains(tmp.resolve("cache").resolve("fashion-mnist").toString()), m);
    assertTrue(m.contains(tmp.resolve("no-such-system").toString()), m);
    assertTrue(m.contains("--data-dir"), m);
  }
}
