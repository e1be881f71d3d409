package gradgraph.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.io.FileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  static byte[] pixels(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 37);
    }
    return b;
  }

  @Test
  void roundTripGzipAndRaw() throws IOException {
    for (String name : new String[] {"imgs.gz", "imgs"}) {
      Path f = dir.resolve(name);
      Idx.write(f, Idx.IMAGES_MAGIC, new int[] {3, 2, 4}, pixels(24));
      Tensor x = Idx.readImages(f);
      assertArrayEquals(new int[] {3, 1, 2, 4}, x.shape());
      assertEquals((37 * 5 & 0xff) / 255.0, x.getFlat(5), 1e-7);
    }
    Path l = dir.resolve("labels");
    Idx.write(l, Idx.LABELS_MAGIC, new int[] {4}, new byte[] {0, 9, (byte) 200, 3});
    assertArrayEquals(new int[] {0, 9, 200, 3}, Idx.readLabels(l));
  }

  @Test
  void wrongMagicNamesFileAndNumbers() throws IOException {
    Path f = dir.resolve("train-labels-idx1-ubyte.gz");
    Idx.write(f, Idx.LABELS_MAGIC, new int[] {2}, new byte[2]);
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    assertTrue(
        e.getMessage().startsWith(f.toString() + ": wrong magic number 0x00000801"),
        e.getMessage());
    assertTrue(e.getMessage().contains("expected 0x00000803"), e.getMessage());
  }

  @Test
  void truncatedDataIsReported() throws IOException {
    Path f = dir.resolve("raw-images");
    Idx.write(f, Idx.IMAGES_MAGIC, new int[] {2, 3, 3}, pixels(18));
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length - 5));
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    assertEquals(
        f + ": truncated: the data ends after 13 of 18 bytes (dimensions [2, 3, 3])",
        e.getMessage());
    Files.write(f, Arrays.copyOf(all, 9));
    e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    assertEquals(f + ": truncated: the header ends after 9 bytes, expected 16", e.getMessage());
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    Path f = dir.resolve("images.gz");
    Idx.write(f, Idx.IMAGES_MAGIC, new int[] {50, 28, 28}, pixels(50 * 784));
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length / 2));
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    assertTrue(e.getMessage().startsWith(f + ": truncated"), e.getMessage());
  }

  @Test
  void corruptGzipIsReported() throws IOException {
    Path f = dir.resolve("images.gz");
    Idx.write(f, Idx.IMAGES_MAGIC, new int[] {5, 28, 28}, pixels(5 * 784));
    byte[] all = Files.readAllBytes(f);
    for (int i = 12; i < all.length - 8; i++) {
      all[i] ^= 0x5a;
    }
    Files.write(f, all);
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
  }

  @Test
  void extraBytesAndAbsurdDimensions() throws IOException {
    Path f = dir.resolve("labels");
    Idx.write(f, Idx.LABELS_MAGIC, new int[] {2}, new byte[2]);
    Files.write(f, new byte[] {7, 7}, java.nio.file.StandardOpenOption.APPEND);
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readLabels(f));
    assertEquals(f + ": 2 bytes after the 2 bytes that dimensions [2] call for", e.getMessage());

    // a header claiming 2^31 - 1 images of 1000 x 1000 must fail without allocating them
    Path g = dir.resolve("huge");
    Files.write(
        g,
        java.nio.ByteBuffer.allocate(16)
            .putInt(Idx.IMAGES_MAGIC)
            .putInt(Integer.MAX_VALUE)
            .putInt(1000)
            .putInt(1000)
            .array());
    e = assertThrows(FileFormatException.class, () -> Idx.readImages(g));
    assertTrue(e.getMessage().contains("more than an array can hold"), e.getMessage());
    // a plausible claim on a short file is a truncation, reported after reading what is there
    Files.write(
        g,
        java.nio.ByteBuffer.allocate(16)
            .putInt(Idx.IMAGES_MAGIC)
            .putInt(1000)
            .putInt(100)
            .putInt(100)
            .array());
    e = assertThrows(FileFormatException.class, () -> Idx.readImages(g));
    assertTrue(e.getMessage().contains("ends after 0 of 10000000 bytes"), e.getMessage());
  }

  private static byte[] header(int magic, int... dims) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.array();
  }

  private static byte[] gzip(byte[] head, int zeros) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
      gz.write(head);
      gz.write(new byte[zeros]);
    }
    return bytes.toByteArray();
  }

  @Test
  void dimensionsWhoseProductOverflowsALongAreRefused() throws IOException {
    // (2^31-1)^3 is about 2^93: a 64-bit product wraps around, to a small or negative count
    Path f = dir.resolve("overflow.gz");
    int m = Integer.MAX_VALUE;
    Files.write(f, gzip(header(Idx.IMAGES_MAGIC, m, m, m), 0));
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    assertTrue(e.getMessage().contains("claim more than 2^63 bytes"), e.getMessage());
  }

  @Test
  void aSmallGzipClaimingABillionImagesFailsFast() throws IOException {
    Path f = dir.resolve("bomb-images-idx3-ubyte.gz");
    Files.write(f, gzip(header(Idx.IMAGES_MAGIC, 1_000_000_000, 28, 28), 1 << 16));
    assertTrue(Files.size(f) < 1024, "the file is tiny: " + Files.size(f));
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    assertTrue(e.getMessage().startsWith(f + ": dimensions [1000000000, 28, 28]"), e.getMessage());
  }

  @Test
  void aClaimLargerThanTheHeapFailsBeforeDecompressing() throws IOException {
    // 2.7 million images fit an array (2.1e9 bytes) but not a heap below 10.6 GB as floats
    long heap = Runtime.getRuntime().maxMemory();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        heap < 10_000_000_000L, "skipped: a heap of " + heap + " bytes could hold them");
    Path f = dir.resolve("big-images-idx3-ubyte.gz");
    Files.write(f, gzip(header(Idx.IMAGES_MAGIC, 2_700_000, 28, 28), 1 << 16));
    FileFormatException e = assertThrows(FileFormatException.class, () -> Idx.readImages(f));
    String msg = e.getMessage();
    assertTrue(msg.contains("need 10584.0 MB of memory"), msg);
    assertTrue(msg.contains("raise the heap (-Xmx"), msg);
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    Idx.write(
        dir.resolve(IdxDatasetSpec.TRAIN_IMAGES),
        Idx.IMAGES_MAGIC,
        new int[] {3, 2, 2},
        pixels(12));
    Idx.write(
        dir.resolve(IdxDatasetSpec.TRAIN_LABELS), Idx.LABELS_MAGIC, new int[] {2}, new byte[2]);
    Idx.write(
        dir.resolve(IdxDatasetSpec.TEST_IMAGES), Idx.IMAGES_MAGIC, new int[] {1, 2, 2}, pixels(4));
    Idx.write(
        dir.resolve(IdxDatasetSpec.TEST_LABELS), Idx.LABELS_MAGIC, new int[] {1}, new byte[1]);
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> IdxDatasets.loadDir(FashionMnist.SPEC, dir));
    assertTrue(
        e.getMessage()
            .startsWith(
                dir.resolve(IdxDatasetSpec.TRAIN_LABELS)
                    + ": count mismatch: 2 labels, but "
                    + dir.resolve(IdxDatasetSpec.TRAIN_IMAGES)
                    + " holds 3 images"),
        e.getMessage());
  }

  @Test
  void labelOutOfRangeIsReported() throws IOException {
    Idx.write(
        dir.resolve(IdxDatasetSpec.TRAIN_IMAGES), Idx.IMAGES_MAGIC, new int[] {1, 2, 2}, pixels(4));
    Idx.write(
        dir.resolve(IdxDatasetSpec.TRAIN_LABELS), Idx.LABELS_MAGIC, new int[] {1}, new byte[] {10});
    Idx.write(
        dir.resolve(IdxDatasetSpec.TEST_IMAGES), Idx.IMAGES_MAGIC, new int[] {1, 2, 2}, pixels(4));
    Idx.write(
        dir.resolve(IdxDatasetSpec.TEST_LABELS), Idx.LABELS_MAGIC, new int[] {1}, new byte[1]);
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> IdxDatasets.loadDir(FashionMnist.SPEC, dir));
    assertTrue(e.getMessage().contains("label 10 at index 0 is outside [0, 10)"), e.getMessage());
  }
}
