package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.ch02.Gates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch02GatesTest {
  @Test
  void truthTablesAreExact(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new Gates(), dir);
    for (String gate : new String[] {"AND", "NAND", "OR", "XOR"}) {
      assertEquals(0.0, run.result.get(gate + " wrong rows"), gate);
    }
    assertTrue(
        run.output.contains("XOR\n  0 0 -> 0\n  1 0 -> 1\n  0 1 -> 1\n  1 1 -> 0"), run.output);
    assertTrue(Files.exists(dir.resolve("xor.png")));
  }
}
