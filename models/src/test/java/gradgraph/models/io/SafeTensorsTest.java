package gradgraph.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.io.AtomicFiles;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  static Map<String, Tensor> sample() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("fc1.W", Tensor.of(new float[] {1.5f, -2, 3, 4e-8f, Float.MAX_VALUE, -0f}, 2, 3));
    m.put("fc1.b", Tensor.of(new double[] {Math.PI, -1e300, 0.1, 7}, 4));
    m.put("step", Tensor.scalar(42));
    m.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
    return m;
  }

  @Test
  void roundTripKeepsValuesShapesDtypesAndMetadata() throws IOException {
    Path f = dir.resolve("model.safetensors");
    SafeTensors.save(f, sample(), Map.of("seed", "42", "model", "{\"layers\": [784, 50, 10]}"));
    SafeTensors.Loaded l = SafeTensors.load(f);
    assertEquals(List.of("empty", "fc1.W", "fc1.b", "step"), List.copyOf(l.tensors().keySet()));
    for (Map.Entry<String, Tensor> e : sample().entrySet()) {
      Tensor got = l.tensor(e.getKey());
      assertEquals(e.getValue().dtype(), got.dtype(), e.getKey());
      assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
      assertArrayEquals(e.getValue().toDoubleArray(), got.toDoubleArray(), 0.0, e.getKey());
    }
    assertEquals("42", l.metadata().get("seed"));
    assertEquals("{\"layers\": [784, 50, 10]}", l.metadata().get("model"));
    assertEquals(SafeTensors.FORMAT_VERSION, l.metadata().get(SafeTensors.FORMAT_VERSION_KEY));
    assertEquals(SafeTensors.libraryVersion(), l.metadata().get(SafeTensors.LIBRARY_VERSION_KEY));
    assertEquals(l.metadata(), SafeTensors.readMetadata(f));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> l.tensor("fc2.W"));
    assertTrue(e.getMessage().contains("no tensor 'fc2.W'; the file has [empty"), e.getMessage());
  }

  @Test
  void largeTensorsCrossChunkBoundariesIntact() throws IOException {
    org.apache.commons.math3.random.Well19937c rng =
        new org.apache.commons.math3.random.Well19937c(5);
    Tensor a = Tensor.randn(rng, DType.FLOAT32, 0, 1, 301, 157); // 47 257 floats
    Tensor b = Tensor.randn(rng, DType.FLOAT64, 0, 1, 40_001);
    Path f = dir.resolve("big.safetensors");
    SafeTensors.save(f, Map.of("a", a, "b", b), Map.of());
    SafeTensors.Loaded l = SafeTensors.load(f);
    assertArrayEquals(a.toFloatArray(), l.tensor("a").toFloatArray());
    assertArrayEquals(b.toDoubleArray(), l.tensor("b").toDoubleArray());
    assertEquals(8 + Files.size(f) - 8 - (4L * 47_257 + 8L * 40_001), firstDataByte(f));
  }

  static long firstDataByte(Path f) throws IOException {
    byte[] len = java.util.Arrays.copyOf(Files.readAllBytes(f), 8);
    return 8 + ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Test
  void readsAFileWrittenByPyTorch() throws Exception {
    // made with safetensors 0.8.0 / PyTorch 2.13: save_file({"weight": torch.arange(6.).reshape(2,
    // 3), "bias": torch.tensor([0.5, -1.0], dtype=torch.float64)}, f, metadata={"from": "torch"})
    Path f =
        Path.of(
            getClass().getResource("/gradgraph/models/io/written-by-pytorch.safetensors").toURI());
    SafeTensors.Loaded l = SafeTensors.load(f);
    assertEquals(Map.of("from", "torch"), l.metadata());
    assertEquals(DType.FLOAT32, l.tensor("weight").dtype());
    assertArrayEquals(new int[] {2, 3}, l.tensor("weight").shape());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, l.tensor("weight").toFloatArray());
    assertEquals(DType.FLOAT64, l.tensor("bias").dtype());
    assertArrayEquals(new double[] {0.5, -1.0}, l.tensor("bias").toDoubleArray());
  }

  @Test
  void bytesFollowTheSpecification() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SafeTensors.write(out, Map.of("w", Tensor.of(new float[] {1, -2}, 2)), Map.of("k", "v"));
    byte[] b = out.toByteArray();
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long n = bb.getLong();
    String json =
        "{\"__metadata__\":{\"k\":\"v\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    assertEquals(0, n % 8, "the data starts 8-byte aligned");
    assertEquals(json, new String(b, 8, (int) n, StandardCharsets.UTF_8).stripTrailing());
    assertEquals(8 + n + 8, b.length);
    assertEquals(1.0f, bb.getFloat(8 + (int) n));
    assertEquals(-2.0f, bb.getFloat(12 + (int) n));
    // 1.0f little-endian
    assertArrayEquals(
        new byte[] {0, 0, (byte) 0x80, 0x3f},
        java.util.Arrays.copyOfRange(b, 8 + (int) n, 12 + (int) n));
  }

  @Test
  void reservedMetadataKeysAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SafeTensors.save(
                    dir.resolve("x.safetensors"),
                    sample(),
                    Map.of(SafeTensors.FORMAT_VERSION_KEY, "9")));
    assertTrue(e.getMessage().contains("is reserved"), e.getMessage());
  }

  /** A stream that fails after some bytes, like a full disk or a crash mid-save. */
  static final class FailingStream extends FilterOutputStream {
    private int left;

    FailingStream(OutputStream out, int failAfter) {
      super(out);
      this.left = failAfter;
    }

    @Override
    public void write(int b) throws IOException {
      if (left-- <= 0) {
        throw new IOException("simulated failure: disk full");
      }
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      for (int i = 0; i < len; i++) {
        write(b[off + i]);
      }
    }
  }

  @Test
  void failureMidWriteLeavesThePreviousCheckpoint() throws IOException {
    Path f = dir.resolve("ckpt.safetensors");
    SafeTensors.save(f, sample(), Map.of("epoch", "1"));
    byte[] before = Files.readAllBytes(f);
    Map<String, Tensor> newer = new LinkedHashMap<>(sample());
    newer.put("fc1.W", Tensor.zeros(DType.FLOAT32, 200, 300));
    Map<String, String> meta = SafeTensors.withVersions(Map.of("epoch", "2"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    f, out -> SafeTensors.write(new FailingStream(out, 100_000), newer, meta)));
    assertEquals("simulated failure: disk full", e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f), "the old file is untouched");
    assertEquals("1", SafeTensors.load(f).metadata().get("epoch"));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList(), "no temporary file left behind");
    }
    SafeTensors.save(f, newer, Map.of("epoch", "2"));
    assertEquals("2", SafeTensors.load(f).metadata().get("epoch"));
    assertArrayEquals(new int[] {200, 300}, SafeTensors.load(f).tensor("fc1.W").shape());
  }

  // ---------------------------------------------------------------- crafted files

  Path craft(long headerLength, String json, int dataBytes) throws IOException {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength).put(h);
    Path f = dir.resolve("crafted.safetensors");
    Files.write(f, b.array());
    return f;
  }

  Path craft(String json, int dataBytes) throws IOException {
    return craft(json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
  }

  String fails(Path f) {
    FileFormatException e = assertThrows(FileFormatException.class, () -> SafeTensors.load(f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    return e.getMessage().substring(f.toString().length() + 2);
  }

  static String t(String name, String dtype, String shape, long b, long e) {
    return "\""
        + name
        + "\":{\"dtype\":\""
        + dtype
        + "\",\"shape\":"
        + shape
        + ",\"data_offsets\":["
        + b
        + ","
        + e
        + "]}";
  }

  @Test
  void absurdHeaderLengthFailsWithoutAllocating() throws IOException {
    assertEquals(
        "header length 4611686018427387904 is larger than the limit of 100000000 bytes;"
            + " not a safetensors file, or a corrupt one",
        fails(craft(1L << 62, "{}", 0)));
    assertEquals(
        "header length 18446744073709551615 is larger than the limit of 100000000 bytes;"
            + " not a safetensors file, or a corrupt one",
        fails(craft(-1L, "{}", 0)));
    assertEquals(
        "truncated: the header length is 50000000 bytes but only 2 bytes follow it",
        fails(craft(50_000_000, "{}", 0)));
    Files.write(dir.resolve("short"), new byte[] {1, 2, 3});
    assertEquals(
        "truncated: 3 bytes, too short for the 8-byte header length", fails(dir.resolve("short")));
  }

  @Test
  void offsetsPastTheEndOrOverlappingFail() throws IOException {
    assertEquals(
        "truncated: the tensors' data_offsets end at byte 80 of the data buffer,"
            + " but the file holds 8 data bytes",
        fails(craft("{" + t("a", "F64", "[10]", 0, 80) + "}", 8)));
    assertEquals(
        "tensor 'b' at data_offsets [4, 12] overlaps tensor 'a' (which ends at 8)",
        fails(
            craft("{" + t("a", "F32", "[2]", 0, 8) + "," + t("b", "F32", "[2]", 4, 12) + "}", 12)));
    assertEquals(
        "tensor 'b' at data_offsets [12, 20] leaves a gap: it begins at 12 but the data before"
            + " ends at 8",
        fails(
            craft(
                "{" + t("a", "F32", "[2]", 0, 8) + "," + t("b", "F32", "[2]", 12, 20) + "}", 20)));
    assertEquals(
        "tensor 'b' at data_offsets [0, 8] overlaps tensor 'a' (which ends at 8)",
        fails(craft("{" + t("a", "F32", "[2]", 0, 8) + "," + t("b", "F32", "[2]", 0, 8) + "}", 8)));
    assertEquals(
        "tensor 'a': data_offsets [8, 0] end before they begin",
        fails(craft("{" + t("a", "F32", "[0]", 8, 0) + "}", 8)));
    assertEquals(
        "the tensors' data_offsets end at byte 8 of the data buffer, but the file holds 12 data"
            + " bytes",
        fails(craft("{" + t("a", "F32", "[2]", 0, 8) + "}", 12)));
  }

  @Test
  void unsortedButTilingOffsetsAreValid() throws IOException {
    Path f = craft("{" + t("z", "F32", "[1]", 4, 8) + "," + t("a", "F32", "[1]", 0, 4) + "}", 8);
    SafeTensors.Loaded l = SafeTensors.load(f);
    assertEquals(List.of("a", "z"), List.copyOf(l.tensors().keySet()));
    assertEquals(0.0, l.tensor("z").item(), 0.0);
  }

  @Test
  void badDtypesShapesAndJsonFail() throws IOException {
    assertEquals(
        "tensor 'a': unknown dtype 'F33'", fails(craft("{" + t("a", "F33", "[1]", 0, 4) + "}", 4)));
    assertEquals(
        "tensor 'a': dtype BF16 is not supported; Gradgraph reads F32 and F64",
        fails(craft("{" + t("a", "BF16", "[2]", 0, 4) + "}", 4)));
    assertEquals(
        "tensor 'a': shape [2, 3] of F32 needs 24 bytes, but data_offsets [0, 20] hold 20",
        fails(craft("{" + t("a", "F32", "[2,3]", 0, 20) + "}", 20)));
    assertEquals(
        "tensor 'a': shape holds -2, not a non-negative integer",
        fails(craft("{" + t("a", "F32", "[-2]", 0, 8) + "}", 8)));
    assertEquals(
        "tensor 'a': shape [4294967296, 4294967296] has a dimension too large",
        fails(craft("{" + t("a", "F32", "[4294967296,4294967296]", 0, 8) + "}", 8)));
    assertEquals(
        "tensor 'a': shape [100000, 100000] has more elements than a tensor can hold",
        fails(craft("{" + t("a", "F32", "[100000,100000]", 0, 8) + "}", 8)));
    assertTrue(
        fails(craft("{" + t("a", "F32", "[1]", 0, 4) + "," + t("a", "F32", "[1]", 4, 8) + "}", 8))
            .startsWith("the header is not valid JSON: Duplicate field 'a'"));
    assertTrue(fails(craft("{\"a\": {", 0)).startsWith("the header is not valid JSON"));
    assertEquals(
        "the header does not start with '{'; not a safetensors file", fails(craft("[1, 2]", 0)));
    assertEquals(
        "__metadata__ entry 'epoch' is not a string (VALUE_NUMBER_INT)",
        fails(craft("{\"__metadata__\":{\"epoch\":3}}", 0)));
    assertEquals(
        "tensor 'a': unknown field 'offsets'",
        fails(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"offsets\":[0,4]}}", 4)));
    assertEquals(
        "tensor 'a': data_offsets is missing",
        fails(craft("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4)));
  }

  @Test
  void truncatedDataFails() throws IOException {
    Path f = dir.resolve("m.safetensors");
    SafeTensors.save(f, sample(), Map.of());
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 3));
    assertTrue(fails(f).startsWith("truncated: the tensors' data_offsets end at byte"));
  }

  @Test
  void spacePaddedHeaderFromOtherWritersLoads() throws IOException {
    Path f = craft("{" + t("a", "F64", "[1]", 0, 8) + "}       ", 8);
    assertEquals(0.0, SafeTensors.load(f).tensor("a").item(), 0.0);
    assertTrue(SafeTensors.load(f).metadata().isEmpty());
  }
}
