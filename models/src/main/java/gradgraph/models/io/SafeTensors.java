package gradgraph.models.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import gradgraph.core.io.AtomicFiles;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes tensors in the <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> format, so that {@code
 * safetensors.torch.load_file} (or {@code safetensors.numpy.load_file}) reads Gradgraph's weights,
 * and Gradgraph reads theirs when they are F32 or F64.
 *
 * <p>The layout: an unsigned 64-bit little-endian header length {@code N}; {@code N} bytes of UTF-8
 * JSON, {@code {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, ...,
 * "__metadata__": {"key": "value"}}}, padded with spaces so the data starts at a multiple of 8;
 * then the data buffer, each tensor little-endian and row-major at its offsets (relative to the
 * buffer's start), packed without gaps. Gradgraph writes tensors in name order.
 *
 * <p>Writing adds two metadata entries, {@value #FORMAT_VERSION_KEY} ({@value #FORMAT_VERSION}) and
 * {@value #LIBRARY_VERSION_KEY}; the caller supplies the rest (model config, seed, epoch, ...).
 * Writes are atomic ({@link AtomicFiles}): a crash mid-save leaves the previous file loadable.
 *
 * <p>Reading executes nothing (the header is data, parsed by a JSON reader) and trusts nothing: the
 * header length is bounded by {@value #MAX_HEADER_BYTES} bytes and by the file's size, and every
 * entry is checked — known dtype, non-negative shape, offsets that match the shape's byte size,
 * tensors that tile the data buffer exactly, no duplicate names — before any tensor memory is
 * allocated. Every error is a {@link FileFormatException} naming the file, the tensor and the
 * values.
 */
public final class SafeTensors {
  /** The metadata key of Gradgraph's checkpoint format version. */
  public static final String FORMAT_VERSION_KEY = "gradgraph.format_version";

  /** The metadata key of the Gradgraph version that wrote the file. */
  public static final String LIBRARY_VERSION_KEY = "gradgraph.library_version";

  /** The checkpoint format version written by this class. */
  public static final String FORMAT_VERSION = "1";

  /** The largest header accepted, as in the reference implementation (100 MB). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final String METADATA = "__metadata__";
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private SafeTensors() {}

  /**
   * Tensors and metadata read from a file.
   *
   * @param tensors the tensors by name, in the order of their data offsets
   * @param metadata the {@code __metadata__} entries (empty when absent)
   */
  public record Loaded(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /**
     * Returns one tensor.
     *
     * @param name its name
     * @return the tensor
     * @throws IllegalArgumentException naming the tensors present when there is none of that name
     */
    public Tensor tensor(String name) {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw Errors.illegalArgument(
            "SafeTensors", "name", "no tensor '" + name + "'; the file has " + tensors.keySet());
      }
      return t;
    }
  }

  /**
   * Returns the Gradgraph version, from the jar's Maven metadata when packaged.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}
   */
  public static String libraryVersion() {
    try (InputStream in =
        SafeTensors.class.getResourceAsStream(
            "/META-INF/maven/io.github.gradgraph/models/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through to the built-in version
    }
    String v = SafeTensors.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }

  // ---------------------------------------------------------------- writing

  /**
   * Saves tensors atomically.
   *
   * @param file the file to create or replace
   * @param tensors tensors by name (names must be non-empty and not {@code __metadata__})
   * @param metadata the caller's metadata (keys must not start with {@code gradgraph.}); may be
   *     empty
   * @throws IOException if the file cannot be written; a previous file is then unchanged
   */
  public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Map<String, String> meta = withVersions(metadata);
    AtomicFiles.write(file, out -> write(out, tensors, meta));
  }

  /**
   * Adds the format and library versions to the caller's metadata.
   *
   * @param metadata the caller's entries
   * @return a sorted copy with the two version entries
   */
  static Map<String, String> withVersions(Map<String, String> metadata) {
    Map<String, String> meta = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().startsWith("gradgraph.")) {
        throw Errors.illegalArgument(
            "SafeTensors.save",
            "metadata",
            "key '" + e.getKey() + "' is reserved (keys starting with 'gradgraph.' are added)");
      }
      Errors.check(
          e.getValue() != null, "SafeTensors.save", "metadata", "'" + e.getKey() + "' is null");
      meta.put(e.getKey(), e.getValue());
    }
    meta.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
    meta.put(LIBRARY_VERSION_KEY, libraryVersion());
    return meta;
  }

  /**
   * Writes tensors and metadata (exactly as given) to a stream in the safetensors layout.
   *
   * @param out the stream (not closed)
   * @param tensors tensors by name, written in name order
   * @param metadata the {@code __metadata__} entries; none when empty
   * @throws IOException if writing fails
   */
  public static void write(
      OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    TreeMap<String, Tensor> sorted = new TreeMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      Errors.check(
          name != null && !name.isEmpty() && !name.equals(METADATA),
          "SafeTensors.save",
          "tensors",
          "invalid tensor name '" + name + "'");
      sorted.put(name, e.getValue());
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    long offset = 0;
    try (JsonGenerator g = JSON.createGenerator(json, JsonEncoding.UTF8)) {
      g.writeStartObject();
      if (!metadata.isEmpty()) {
        g.writeObjectFieldStart(METADATA);
        for (Map.Entry<String, String> m : new TreeMap<>(metadata).entrySet()) {
          g.writeStringField(m.getKey(), m.getValue());
        }
        g.writeEndObject();
      }
      for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
        Tensor t = e.getValue();
        long bytes = (long) t.size() * t.dtype().bytes();
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("dtype", t.dtype() == DType.FLOAT32 ? "F32" : "F64");
        g.writeArrayFieldStart("shape");
        for (int d : t.shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data_offsets");
        g.writeNumber(offset);
        g.writeNumber(offset + bytes);
        g.writeEndArray();
        g.writeEndObject();
        offset += bytes;
      }
      g.writeEndObject();
    }
    byte[] header = json.toByteArray();
    int padded = (header.length + 7) / 8 * 8;
    byte[] head = Arrays.copyOf(header, padded);
    Arrays.fill(head, header.length, padded, (byte) ' ');
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
    out.write(head);
    for (Tensor t : sorted.values()) {
      writeData(out, t);
    }
  }

  private static void writeData(OutputStream out, Tensor t) throws IOException {
    final int chunk = 1 << 14;
    if (t.dtype() == DType.FLOAT32) {
      float[] v = t.toFloatArray();
      ByteBuffer b = ByteBuffer.allocate(4 * Math.min(chunk, Math.max(v.length, 1)));
      b.order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < v.length; i += chunk) {
        b.clear();
        int n = Math.min(chunk, v.length - i);
        b.asFloatBuffer().put(v, i, n);
        out.write(b.array(), 0, 4 * n);
      }
    } else {
      double[] v = t.toDoubleArray();
      ByteBuffer b = ByteBuffer.allocate(8 * Math.min(chunk, Math.max(v.length, 1)));
      b.order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < v.length; i += chunk) {
        b.clear();
        int n = Math.min(chunk, v.length - i);
        b.asDoubleBuffer().put(v, i, n);
        out.write(b.array(), 0, 8 * n);
      }
    }
  }

  // ---------------------------------------------------------------- reading

  private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

  /**
   * Loads every tensor and the metadata of a file, after checking the whole header.
   *
   * @param file a {@code .safetensors} file
   * @return the tensors (on the CPU, in their stored dtype) and metadata
   * @throws FileFormatException if the file is truncated, corrupt or uses an unsupported dtype
   * @throws IOException if the file cannot be read
   */
  public static Loaded load(Path file) throws IOException {
    String name = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new FileFormatException(
            name, "truncated: " + size + " bytes, too short for the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, name);
      long n = lenBuf.flip().getLong();
      if (n < 0 || n > MAX_HEADER_BYTES) {
        throw new FileFormatException(
            name,
            "header length "
                + Long.toUnsignedString(n)
                + " is larger than the limit of "
                + MAX_HEADER_BYTES
                + " bytes; not a safetensors file, or a corrupt one");
      }
      if (n > size - 8) {
        throw new FileFormatException(
            name,
            "truncated: the header length is "
                + n
                + " bytes but only "
                + (size - 8)
                + " bytes follow it");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      readFully(ch, hb, 8, name);
      Header h = parseHeader(hb.array(), name);
      long bufferSize = size - 8 - n;
      List<Entry> entries = checkLayout(h.entries, bufferSize, name);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        tensors.put(e.name, readTensor(ch, e, 8 + n, name));
      }
      return new Loaded(
          Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(h.metadata));
    }
  }

  /**
   * Reads only the metadata of a file (the header is still checked in full).
   *
   * @param file a {@code .safetensors} file
   * @return the {@code __metadata__} entries
   * @throws IOException if the file cannot be read or its header is wrong
   */
  public static Map<String, String> readMetadata(Path file) throws IOException {
    String name = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new FileFormatException(
            name, "truncated: " + size + " bytes, too short for the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, name);
      long n = lenBuf.flip().getLong();
      if (n < 0 || n > MAX_HEADER_BYTES || n > size - 8) {
        return load(file).metadata(); // reports the problem
      }
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      readFully(ch, hb, 8, name);
      Header h = parseHeader(hb.array(), name);
      checkLayout(h.entries, size - 8 - n, name);
      return Collections.unmodifiableMap(h.metadata);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos, String name)
      throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) < 0) {
        throw new FileFormatException(name, "truncated while reading at byte " + pos);
      }
    }
  }

  private record Header(List<Entry> entries, Map<String, String> metadata) {}

  private static Header parseHeader(byte[] bytes, String name) throws FileFormatException {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      throw new FileFormatException(name, "the header is not valid UTF-8");
    }
    if (bytes.length == 0 || bytes[0] != '{') {
      throw new FileFormatException(
          name, "the header does not start with '{'; not a safetensors file");
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(bytes)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, name, "the header is not a JSON object");
      boolean seenMeta = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (key.equals(METADATA)) {
          seenMeta = true;
          expect(
              p.nextToken() == JsonToken.START_OBJECT, name, "__metadata__ is not a JSON object");
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            expect(
                p.nextToken() == JsonToken.VALUE_STRING,
                name,
                "__metadata__ entry '" + k + "' is not a string (" + p.currentToken() + ")");
            metadata.put(k, p.getText());
          }
        } else {
          entries.add(parseEntry(p, key, name));
        }
      }
      expect(p.currentToken() == JsonToken.END_OBJECT, name, "the header is not a JSON object");
      JsonToken after = p.nextToken();
      expect(after == null, name, "the header has content after its JSON object: " + after);
      if (!seenMeta) {
        metadata = new LinkedHashMap<>();
      }
    } catch (FileFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new FileFormatException(
          name, "the header is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new FileFormatException(name, "the header cannot be parsed: " + e.getMessage());
    }
    return new Header(entries, metadata);
  }

  private static final Set<String> OTHER_DTYPES =
      Set.of(
          "BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "I64", "U64", "F8_E4M3",
          "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

  private static Entry parseEntry(JsonParser p, String tensor, String name) throws IOException {
    String where = "tensor '" + tensor + "'";
    expect(p.nextToken() == JsonToken.START_OBJECT, name, where + ": entry is not a JSON object");
    String dtype = null;
    long[] shape = null;
    long[] offsets = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken v = p.nextToken();
      switch (f) {
        case "dtype" -> {
          expect(v == JsonToken.VALUE_STRING, name, where + ": dtype is not a string");
          dtype = p.getText();
        }
        case "shape" -> shape = longs(p, v, name, where + ": shape");
        case "data_offsets" -> offsets = longs(p, v, name, where + ": data_offsets");
        default -> throw new FileFormatException(name, where + ": unknown field '" + f + "'");
      }
    }
    expect(dtype != null, name, where + ": dtype is missing");
    expect(shape != null, name, where + ": shape is missing");
    expect(offsets != null, name, where + ": data_offsets is missing");
    DType dt;
    if (dtype.equals("F32")) {
      dt = DType.FLOAT32;
    } else if (dtype.equals("F64")) {
      dt = DType.FLOAT64;
    } else if (OTHER_DTYPES.contains(dtype)) {
      throw new FileFormatException(
          name, where + ": dtype " + dtype + " is not supported; Gradgraph reads F32 and F64");
    } else {
      throw new FileFormatException(name, where + ": unknown dtype '" + dtype + "'");
    }
    expect(
        offsets.length == 2,
        name,
        where + ": data_offsets must be [begin, end], got " + Arrays.toString(offsets));
    int[] dims = new int[shape.length];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      expect(
          shape[i] <= Integer.MAX_VALUE,
          name,
          where + ": shape " + Arrays.toString(shape) + " has a dimension too large");
      dims[i] = (int) shape[i];
      count *= shape[i];
      expect(
          count <= Integer.MAX_VALUE - 8,
          name,
          where
              + ": shape "
              + Arrays.toString(shape)
              + " has more elements than a tensor can hold");
    }
    long begin = offsets[0];
    long end = offsets[1];
    expect(
        begin <= end,
        name,
        where + ": data_offsets " + Arrays.toString(offsets) + " end before they begin");
    expect(
        end - begin == count * dt.bytes(),
        name,
        where
            + ": shape "
            + Arrays.toString(shape)
            + " of "
            + dtype
            + " needs "
            + count * dt.bytes()
            + " bytes, but data_offsets "
            + Arrays.toString(offsets)
            + " hold "
            + (end - begin));
    return new Entry(tensor, dt, dims, begin, end);
  }

  private static long[] longs(JsonParser p, JsonToken start, String name, String what)
      throws IOException {
    expect(start == JsonToken.START_ARRAY, name, what + " is not an array");
    List<Long> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(
          t == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
              && p.getLongValue() >= 0,
          name,
          what + " holds " + p.getText() + ", not a non-negative integer");
      out.add(p.getLongValue());
      expect(out.size() <= 64, name, what + " has more than 64 entries");
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** Checks that the tensors tile the data buffer exactly; returns them in offset order. */
  private static List<Entry> checkLayout(List<Entry> entries, long bufferSize, String name)
      throws FileFormatException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Long.compare(a.begin, b.begin));
    long expected = 0;
    Entry prev = null;
    for (Entry e : sorted) {
      if (e.begin != expected) {
        String problem =
            e.begin < expected
                ? "overlaps tensor '" + prev.name + "' (which ends at " + expected + ")"
                : "leaves a gap: it begins at "
                    + e.begin
                    + " but the data before ends at "
                    + expected;
        throw new FileFormatException(
            name,
            "tensor '" + e.name + "' at data_offsets [" + e.begin + ", " + e.end + "] " + problem);
      }
      expected = e.end;
      prev = e;
    }
    if (expected != bufferSize) {
      throw new FileFormatException(
          name,
          (expected > bufferSize ? "truncated: " : "")
              + "the tensors' data_offsets end at byte "
              + expected
              + " of the data buffer, but the file holds "
              + bufferSize
              + " data bytes");
    }
    return sorted;
  }

  private static Tensor readTensor(FileChannel ch, Entry e, long base, String name)
      throws IOException {
    int count = (int) ((e.end - e.begin) / e.dtype.bytes());
    long pos = base + e.begin;
    final int chunkElems = 1 << 14;
    ByteBuffer b =
        ByteBuffer.allocate(e.dtype.bytes() * Math.max(1, Math.min(count, chunkElems)))
            .order(ByteOrder.LITTLE_ENDIAN);
    if (e.dtype == DType.FLOAT32) {
      float[] v = new float[count];
      for (int i = 0; i < count; i += chunkElems) {
        int n = Math.min(chunkElems, count - i);
        b.clear().limit(4 * n);
        readFully(ch, b, pos + 4L * i, name);
        b.flip();
        b.asFloatBuffer().get(v, i, n);
      }
      return Tensor.of(v, e.shape);
    }
    double[] v = new double[count];
    for (int i = 0; i < count; i += chunkElems) {
      int n = Math.min(chunkElems, count - i);
      b.clear().limit(8 * n);
      readFully(ch, b, pos + 8L * i, name);
      b.flip();
      b.asDoubleBuffer().get(v, i, n);
    }
    return Tensor.of(v, e.shape);
  }

  private static void expect(boolean ok, String name, String problem) throws FileFormatException {
    if (!ok) {
      throw new FileFormatException(name, problem);
    }
  }
}
