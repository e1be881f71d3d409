package gradgraph.models.data;

import gradgraph.core.device.CpuStorage;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.io.FileFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST, gzip-compressed or raw (detected from the
 * content, not the name).
 *
 * <p>An IDX file is a big-endian header, {@code 0x00 0x00 type ndims}, then {@code ndims} 32-bit
 * dimensions, then the elements in row-major order. Both data sets use unsigned bytes (type {@code
 * 0x08}): image files have 3 dimensions (magic {@code 0x00000803}), label files 1 (magic {@code
 * 0x00000801}).
 *
 * <p>Every check names the file and the problem ({@link FileFormatException}): wrong magic number,
 * absurd dimensions, data that ends early (a truncated download) or goes on after the end, a broken
 * gzip stream. Nothing is allocated from a size the header claims: data is read in chunks and an
 * early end is reported as such.
 */
public final class Idx {
  /** Magic number of an unsigned-byte image file with 3 dimensions. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an unsigned-byte label file with 1 dimension. */
  public static final int LABELS_MAGIC = 0x00000801;

  private Idx() {}

  /**
   * The raw content of an IDX file of unsigned bytes.
   *
   * @param dims the dimensions from the header
   * @param data the elements, row-major, as unsigned bytes
   */
  public record Content(int[] dims, byte[] data) {}

  /**
   * Reads an image file as FLOAT32 pixels in {@code [0, 1]} (byte / 255).
   *
   * @param file a {@code *-images-idx3-ubyte[.gz]} file
   * @return a tensor {@code [N, 1, rows, cols]} (NCHW with one channel)
   * @throws IOException if the file cannot be read or is not a valid image file
   */
  public static Tensor readImages(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readImages(in, file.toString());
    }
  }

  /**
   * Reads an image file from a stream.
   *
   * @param in the stream (not closed)
   * @param name the file name for messages
   * @return a tensor {@code [N, 1, rows, cols]} of FLOAT32 pixels in {@code [0, 1]}
   * @throws IOException if the stream cannot be read or is not a valid image file
   */
  public static Tensor readImages(InputStream in, String name) throws IOException {
    Content c = read(in, name, IMAGES_MAGIC);
    int[] d = c.dims();
    byte[] b = c.data();
    float[] px = new float[b.length];
    for (int i = 0; i < b.length; i++) {
      px[i] = (b[i] & 0xff) / 255f;
    }
    // wrap, not copy: 60 000 images are 188 MB of floats
    return new Tensor(CpuStorage.of(px), new int[] {d[0], 1, d[1], d[2]});
  }

  /**
   * Reads a label file.
   *
   * @param file a {@code *-labels-idx1-ubyte[.gz]} file
   * @return one label (0 to 255) per example
   * @throws IOException if the file cannot be read or is not a valid label file
   */
  public static int[] readLabels(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return readLabels(in, file.toString());
    }
  }

  /**
   * Reads a label file from a stream.
   *
   * @param in the stream (not closed)
   * @param name the file name for messages
   * @return one label per example
   * @throws IOException if the stream cannot be read or is not a valid label file
   */
  public static int[] readLabels(InputStream in, String name) throws IOException {
    byte[] b = read(in, name, LABELS_MAGIC).data();
    int[] labels = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      labels[i] = b[i] & 0xff;
    }
    return labels;
  }

  /**
   * Reads an IDX file of unsigned bytes and checks its magic number.
   *
   * @param in the stream, gzip-compressed or raw (not closed)
   * @param name the file name for messages
   * @param expectedMagic {@link #IMAGES_MAGIC} or {@link #LABELS_MAGIC}
   * @return the dimensions and bytes
   * @throws IOException if the stream cannot be read or its content is wrong
   */
  public static Content read(InputStream in, String name, int expectedMagic) throws IOException {
    InputStream s = new BufferedInputStream(in, 1 << 16);
    s.mark(2);
    int b0 = s.read();
    int b1 = s.read();
    s.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        s = new BufferedInputStream(new GZIPInputStream(s, 1 << 16), 1 << 16);
      } catch (EOFException | ZipException e) {
        throw new FileFormatException(name, "corrupt gzip header: " + e.getMessage(), e);
      }
    }
    try {
      return readRaw(s, name, expectedMagic);
    } catch (EOFException e) {
      throw new FileFormatException(name, "truncated: the gzip stream ends early", e);
    } catch (ZipException e) {
      throw new FileFormatException(name, "corrupt gzip data: " + e.getMessage(), e);
    }
  }

  private static Content readRaw(InputStream s, String name, int expectedMagic) throws IOException {
    byte[] head = s.readNBytes(4);
    if (head.length < 4) {
      throw new FileFormatException(
          name, "truncated: " + head.length + " bytes, too short for an IDX header (4 bytes)");
    }
    int magic = int32(head, 0);
    if (magic != expectedMagic) {
      throw new FileFormatException(
          name,
          String.format(
              "wrong magic number 0x%08X, expected 0x%08X (%s); is this the right file?",
              magic,
              expectedMagic,
              expectedMagic == IMAGES_MAGIC
                  ? "unsigned-byte images, 3 dimensions"
                  : "unsigned-byte labels, 1 dimension"));
    }
    int ndims = expectedMagic & 0xff;
    byte[] dimBytes = s.readNBytes(4 * ndims);
    if (dimBytes.length < 4 * ndims) {
      throw new FileFormatException(
          name,
          "truncated: the header ends after "
              + (4 + dimBytes.length)
              + " bytes, expected "
              + (4 + 4 * ndims));
    }
    int[] dims = new int[ndims];
    long count = 1;
    boolean overflow = false;
    for (int i = 0; i < ndims; i++) {
      dims[i] = int32(dimBytes, 4 * i);
      if (dims[i] < 0) {
        throw new FileFormatException(
            name, "dimension " + i + " is " + Integer.toUnsignedString(dims[i]) + ", too large");
      }
      try {
        count = Math.multiplyExact(count, dims[i]);
      } catch (ArithmeticException e) {
        overflow = true; // a later 0 must not hide it: the claim itself is absurd
      }
    }
    if (overflow || count > Integer.MAX_VALUE - 64) {
      throw new FileFormatException(
          name,
          "dimensions "
              + Arrays.toString(dims)
              + " claim "
              + (overflow ? "more than 2^63" : Long.toString(count))
              + " bytes, more than an array can hold (2^31-1); a corrupt header or not an IDX"
              + " file");
    }
    checkHeap(name, dims, count);
    // readNBytes grows its buffer as data arrives, so a header that lies costs nothing
    byte[] data = s.readNBytes((int) count);
    if (data.length < count) {
      throw new FileFormatException(
          name,
          "truncated: the data ends after "
              + data.length
              + " of "
              + count
              + " bytes (dimensions "
              + Arrays.toString(dims)
              + ")");
    }
    long extra = 0;
    while (s.read() >= 0 && extra < 1 << 20) {
      extra++;
    }
    if (extra > 0) {
      throw new FileFormatException(
          name,
          (extra >= 1 << 20 ? "more than " : "")
              + extra
              + " bytes after the "
              + count
              + " bytes that dimensions "
              + Arrays.toString(dims)
              + " call for");
    }
    return new Content(dims, data);
  }

  /**
   * Fails fast when the data the header claims would not fit in the heap: the bytes themselves plus
   * the 4-byte float or int per element they become. A small gzip file that claims millions of
   * images is refused here, with the sizes, instead of ending in an {@link OutOfMemoryError} after
   * decompressing.
   */
  private static void checkHeap(String name, int[] dims, long count) throws FileFormatException {
    long needed = count * (1 + 4);
    if (needed <= freeHeap()) {
      return;
    }
    System.gc(); // the estimate counts garbage as used: collect once before refusing
    long free = freeHeap();
    if (needed > free) {
      throw new FileFormatException(
          name,
          String.format(
              java.util.Locale.ROOT,
              "dimensions %s claim %d elements, which need %.1f MB of memory (bytes and their"
                  + " 4-byte values), but the JVM has only %.1f MB free; raise the heap (-Xmx,"
                  + " or GRADGRAPH_JVM_OPTS) or check the file",
              Arrays.toString(dims),
              count,
              needed / 1e6,
              free / 1e6));
    }
  }

  private static long freeHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  private static int int32(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  /**
   * Writes an unsigned-byte IDX file, gzip-compressed when the name ends in {@code .gz} (used by
   * the sample maker and by tests).
   *
   * @param file the file to write
   * @param magic {@link #IMAGES_MAGIC} or {@link #LABELS_MAGIC}
   * @param dims the dimensions (3 for images, 1 for labels)
   * @param data the elements, row-major
   * @throws IOException if the file cannot be written
   */
  public static void write(Path file, int magic, int[] dims, byte[] data) throws IOException {
    long count = 1;
    for (int d : dims) {
      // saturating: any negative or overflowing product simply fails to match data.length
      count = d < 0 || count < 0 || count > Integer.MAX_VALUE ? -1 : count * d;
    }
    if ((magic & 0xff) != dims.length || count != data.length) {
      throw new IllegalArgumentException(
          "Idx.write: dims: "
              + Arrays.toString(dims)
              + " do not fit magic "
              + String.format("0x%08X", magic)
              + " and "
              + data.length
              + " bytes");
    }
    try (var raw = Files.newOutputStream(file);
        var out =
            file.toString().endsWith(".gz")
                ? new java.util.zip.GZIPOutputStream(raw, 1 << 16)
                : new java.io.BufferedOutputStream(raw, 1 << 16)) {
      var h = java.nio.ByteBuffer.allocate(4 + 4 * dims.length);
      h.putInt(magic);
      for (int d : dims) {
        h.putInt(d);
      }
      out.write(h.array());
      out.write(data);
    }
  }
}
