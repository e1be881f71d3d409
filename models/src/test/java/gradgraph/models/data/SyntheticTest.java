package gradgraph.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticTest {
  @Test
  void spiralFollowsDezeroLaw() {
    Dataset s = Spiral.train();
    assertEquals(300, s.size());
    assertArrayEquals(new int[] {100, 100, 100}, s.classCounts());
    assertArrayEquals(new int[] {300, 2}, s.x().shape());
    float[] x = s.x().toFloatArray();
    double sq = 0;
    for (int k = 0; k < 300; k++) {
      double a = x[2 * k];
      double b = x[2 * k + 1];
      double r = Math.hypot(a, b);
      assertTrue(r < 1.0, "radius " + r);
      // x = r sin θ, y = r cos θ with θ = 4j + 4r + 0.2 ε
      double res = Math.atan2(a, b) - (4.0 * s.label(k) + 4.0 * r);
      res = Math.IEEEremainder(res, 2 * Math.PI);
      if (r > 0.05) { // the angle of a point at the centre is meaningless
        assertTrue(Math.abs(res) < 1.0, "angle residual " + res + " at point " + k);
        sq += res * res;
      }
    }
    double std = Math.sqrt(sq / 285);
    assertTrue(std > 0.15 && std < 0.25, "noise std " + std + " near 0.2");
    assertArrayEquals(x, Spiral.train().x().toFloatArray(), "seeded");
    assertFalse(Arrays.equals(x, Spiral.test().x().toFloatArray()));
    // shuffled: the labels are not in blocks
    assertFalse(s.label(0) == s.label(1) && s.label(1) == s.label(2) && s.label(2) == s.label(3));
  }

  @Test
  void gates() {
    assertArrayEquals(new float[] {0, 0, 1, 0, 0, 1, 1, 1}, Gates.and().x().toFloatArray());
    assertArrayEquals(new int[] {0, 0, 0, 1}, Gates.and().labels());
    assertArrayEquals(new int[] {1, 1, 1, 0}, Gates.nand().labels());
    assertArrayEquals(new int[] {0, 1, 1, 1}, Gates.or().labels());
    assertArrayEquals(new int[] {0, 1, 1, 0}, Gates.xor().labels());
    assertEquals(2, Gates.xor().numClasses());
  }

  @Test
  void transforms() {
    Tensor x = Tensor.of(new float[] {0, 0.5f, 1, 0.25f}, 2, 1, 2);
    assertArrayEquals(
        new float[] {-2, 0, 2, -1}, Transforms.normalize(x, 0.5, 0.25).toFloatArray(), 1e-6f);
    assertArrayEquals(new int[] {2, 2}, Transforms.flatten(x).shape());
    Tensor oh = Transforms.oneHot(new int[] {2, 0}, 3, DType.FLOAT64);
    assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, oh.toDoubleArray());
    assertArrayEquals(new double[] {0.4375, Math.sqrt(0.13671875)}, Transforms.meanStd(x), 1e-9);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transforms.oneHot(new int[] {3}, 3, DType.FLOAT32));
    assertEquals("oneHot: labels: label 3 at index 0 is outside [0, 3)", e.getMessage());
  }

  static Tensor dot(int n, int h, int w, int y, int x) {
    float[] d = new float[n * h * w];
    for (int i = 0; i < n; i++) {
      d[i * h * w + y * w + x] = 1;
    }
    return Tensor.of(d, n, 1, h, w);
  }

  @Test
  void flipMirrorsColumns() {
    Tensor img = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3);
    Tensor f = Augment.builder().flip(1).build().apply(img);
    assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, f.toFloatArray());
    assertEquals(DType.FLOAT32, f.dtype());
  }

  @Test
  void shiftMovesContentWithinBoundsAndIsSeeded() {
    Tensor img = dot(64, 9, 9, 4, 4);
    Tensor s = Augment.builder().shift(2).seed(3).build().apply(img);
    float[] v = s.toFloatArray();
    boolean moved = false;
    for (int i = 0; i < 64; i++) {
      int at = -1;
      for (int p = 0; p < 81; p++) {
        if (v[i * 81 + p] == 1) {
          assertEquals(-1, at, "one pixel lit");
          at = p;
        } else {
          assertEquals(0, v[i * 81 + p], 0f);
        }
      }
      assertTrue(Math.abs(at / 9 - 4) <= 2 && Math.abs(at % 9 - 4) <= 2, "pixel at " + at);
      moved |= at != 40;
    }
    assertTrue(moved);
    assertArrayEquals(v, Augment.builder().shift(2).seed(3).build().apply(img).toFloatArray());
    assertFalse(
        Arrays.equals(v, Augment.builder().shift(2).seed(4).build().apply(img).toFloatArray()));
  }

  @Test
  void rotationKeepsTheCentreAndMass() {
    float[] d = new float[11 * 11];
    for (int y = 3; y <= 7; y++) {
      for (int x = 3; x <= 7; x++) {
        d[y * 11 + x] = 1;
      }
    }
    Tensor img = Tensor.of(d, 1, 1, 11, 11);
    Augment rot = Augment.builder().rotate(15).seed(1).build();
    for (int k = 0; k < 5; k++) {
      float[] r = rot.apply(img).toFloatArray();
      assertEquals(1.0, r[5 * 11 + 5], 1e-6, "centre");
      double mass = 0;
      for (float f : r) {
        mass += f;
      }
      assertEquals(25.0, mass, 2.0, "a small rotation keeps the mass of a centred square");
      assertEquals(0.0, r[0], 0.0, "corner stays empty");
    }
  }

  @Test
  void cropGivesTheRequestedSize() {
    Tensor img = dot(4, 8, 8, 0, 0);
    Tensor c = Augment.builder().crop(8, 0).build().apply(img);
    assertTrue(c.allClose(img, 0, 0), "a full-size crop without padding is the identity");
    Tensor p = Augment.builder().crop(6, 2).seed(9).build().apply(img);
    assertArrayEquals(new int[] {4, 1, 6, 6}, p.shape());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Augment.builder().crop(13, 2).build().apply(img));
    assertEquals("Augment: crop: 13 is larger than the padded image 12x12", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Augment.builder().build().apply(Tensor.of(new float[4], 2, 2)));
    assertEquals("Augment: x: must be images [N, C, H, W], got shape [2, 2]", e.getMessage());
  }

  @Test
  void pixelsFromOutsideTakeTheBackgroundOfNormalizedImages() {
    // a standardized image: background -0.5, one bright pixel; a shift fills with -0.5, not 0
    float[] d = new float[25];
    Arrays.fill(d, -0.5f);
    d[12] = 2f;
    Tensor img = Tensor.of(d, 1, 1, 5, 5);
    for (int seed = 0; seed < 20; seed++) {
      float[] v = Augment.builder().shift(2).seed(seed).build().apply(img).toFloatArray();
      int bright = 0;
      for (float f : v) {
        assertTrue(f == -0.5f || f == 2f, "value " + f);
        bright += f == 2f ? 1 : 0;
      }
      assertEquals(1, bright);
    }
  }

  @Test
  void parseReadsTheCommandLineSpecAndNamesWhatIsWrong() {
    Augment a = Augment.parse("flip, shift=2,rotate=7.5,crop=24:2", 3);
    assertEquals(
        "Augment(flip=0.5, shift=2, rotate=7.5, crop=24, padding=2, seed=3)", a.toString());
    assertEquals(
        "Augment(flip=0.25, shift=0, rotate=0.0, crop=0, padding=0, seed=0)",
        Augment.parse("flip=0.25", 0).toString());
    assertEquals(
        "Augment(flip=0.5, shift=1, rotate=0.0, crop=0, padding=0, seed=9)",
        Augment.parse("flip,shift=1", 1).withSeed(9).toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Augment.parse("flip,zoom=2", 0));
    assertTrue(
        e.getMessage().startsWith("Augment: spec: unknown step 'zoom' in 'flip,zoom=2'"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augment.parse("shift=two", 0));
    assertEquals("Augment: spec: step 'shift=two' in 'shift=two' needs a number", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augment.parse("shift", 0));
    assertEquals("Augment: spec: step 'shift' needs a value: shift=...", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Augment.parse("flip=2", 0));
    assertEquals("Augment: flip: must be in [0, 1], got 2.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Augment.parse(" ", 0));
  }

  @Test
  void withSeedKeepsTheSettingsAndRestartsTheGenerator() {
    Tensor img = dot(16, 9, 9, 4, 4);
    Augment a = Augment.builder().flip(0.5).shift(2).seed(1).build();
    float[] first = a.apply(img).toFloatArray();
    assertArrayEquals(first, a.withSeed(1).apply(img).toFloatArray());
    assertFalse(Arrays.equals(first, a.withSeed(2).apply(img).toFloatArray()));
  }
}
