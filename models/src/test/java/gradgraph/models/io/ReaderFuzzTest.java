package gradgraph.models.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Idx;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.Trainer;
import gradgraph.models.train.TrainingCheckpoint;
import gradgraph.models.zoo.Zoo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of the two readers of untrusted bytes: checkpoints ({@link SafeTensors} and
 * {@link TrainingCheckpoint#resume}) and IDX files ({@link Idx}). Each case mutates a valid file
 * (flipped bytes, overwritten header fields, truncation, insertion, duplication) from a fixed seed;
 * every outcome must be a successful read or a {@link FileFormatException}, never another
 * exception, an {@link OutOfMemoryError} or a hang. A failure prints the seed and case to replay.
 */
class ReaderFuzzTest {
  private static final int CASES = 1500;

  @TempDir Path tmp;

  /** One mutation of a valid file, chosen by the case's generator. */
  static byte[] mutate(byte[] valid, SplittableRandom r) {
    byte[] b = valid.clone();
    switch (r.nextInt(7)) {
      case 0 -> { // flip a few random bits
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          int at = r.nextInt(b.length);
          b[at] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> { // overwrite bytes near the start (length fields, magic, dims, JSON)
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
          b[r.nextInt(Math.min(b.length, 96))] = (byte) r.nextInt(256);
        }
      }
      case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncate
      case 3 -> { // insert random bytes
        int at = r.nextInt(b.length + 1);
        byte[] ins = new byte[1 + r.nextInt(16)];
        r.nextBytes(ins);
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(b, at, out, at + ins.length, b.length - at);
        b = out;
      }
      case 4 -> { // an extreme 32- or 64-bit value at a random aligned place in the header
        int at = 4 * r.nextInt(Math.max(1, Math.min(b.length, 64) / 4 - 1));
        long[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, 1L << 40};
        ByteBuffer.wrap(b).putInt(at, (int) extremes[r.nextInt(extremes.length)]);
      }
      case 5 -> { // duplicate a slice onto itself elsewhere
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(32));
        int to = r.nextInt(b.length - len + 1);
        System.arraycopy(b.clone(), from, b, to, len);
      }
      default -> { // replace everything with noise of a similar length
        r.nextBytes(b);
      }
    }
    return b;
  }

  @Test
  void mutatedCheckpointsAreReadOrRefusedCleanly() throws IOException {
    Module model = Zoo.create("mlp", new int[] {2}, 3, 42);
    Trainer trainer = new Trainer().optimizer("adam").lr(0.01);
    Optimizer opt = trainer.createOptimizer(model);
    Path valid = tmp.resolve("valid.safetensors");
    TrainingCheckpoint.save(valid, model, opt, "mlp", 1, 42, java.util.Map.of("data", "spiral"));
    byte[] good = Files.readAllBytes(valid);
    // the JSON header holds the tensors' names, shapes and offsets: mutate it more often
    int headerEnd = 8 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    byte[] head = Arrays.copyOf(good, headerEnd);
    Path f = tmp.resolve("fuzz.safetensors");
    int loaded = 0;
    for (int c = 0; c < CASES; c++) {
      SplittableRandom r = new SplittableRandom(1000L + c);
      byte[] bytes;
      if (r.nextBoolean()) {
        byte[] h = mutate(head, r);
        bytes = new byte[h.length + good.length - headerEnd];
        System.arraycopy(h, 0, bytes, 0, h.length);
        System.arraycopy(good, headerEnd, bytes, h.length, good.length - headerEnd);
      } else {
        bytes = mutate(good, r);
      }
      Files.write(f, bytes);
      try {
        SafeTensors.load(f);
        Module m = Zoo.create("mlp", new int[] {2}, 3, 1);
        TrainingCheckpoint.resume(f, m, trainer.createOptimizer(m), true);
        loaded++;
      } catch (FileFormatException expected) {
        assertTrue(expected.getMessage().startsWith(f.toString()), expected.getMessage());
      } catch (Throwable t) {
        fail("checkpoint case " + c + " (seed " + (1000L + c) + "): " + t, t);
      }
    }
    // most mutations must be caught; a few (a flipped bit in a weight) load fine
    assertTrue(loaded < CASES / 2, loaded + " of " + CASES + " mutated files loaded");
  }

  private static byte[] idx(int magic, int[] dims, byte[] data, boolean gz) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
    for (int d : dims) {
      h.putInt(d);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var o = gz ? new GZIPOutputStream(out) : out) {
      o.write(h.array());
      o.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void mutatedIdxFilesAreReadOrRefusedCleanly() throws IOException {
    byte[] pixels = new byte[5 * 6 * 6];
    new SplittableRandom(3).nextBytes(pixels);
    byte[][] valid = {
      idx(Idx.IMAGES_MAGIC, new int[] {5, 6, 6}, pixels, false),
      idx(Idx.IMAGES_MAGIC, new int[] {5, 6, 6}, pixels, true),
      idx(Idx.LABELS_MAGIC, new int[] {5}, new byte[] {0, 1, 2, 3, 4}, false),
      idx(Idx.LABELS_MAGIC, new int[] {5}, new byte[] {0, 1, 2, 3, 4}, true)
    };
    int read = 0;
    for (int c = 0; c < CASES; c++) {
      SplittableRandom r = new SplittableRandom(5000L + c);
      int kind = r.nextInt(valid.length);
      byte[] bytes = mutate(valid[kind], r);
      try {
        if (kind < 2) {
          Tensor t = Idx.readImages(new ByteArrayInputStream(bytes), "fuzz");
          assertTrue(t.rank() == 4 && t.dim(1) == 1, "images [N, 1, H, W]: " + t);
        } else {
          Idx.readLabels(new ByteArrayInputStream(bytes), "fuzz");
        }
        read++;
      } catch (FileFormatException expected) {
        assertTrue(expected.getMessage().startsWith("fuzz: "), expected.getMessage());
      } catch (Throwable t) {
        fail("IDX case " + c + " (seed " + (5000L + c) + ", kind " + kind + "): " + t, t);
      }
    }
    assertTrue(read < CASES, "not every mutation can be valid");
  }
}
