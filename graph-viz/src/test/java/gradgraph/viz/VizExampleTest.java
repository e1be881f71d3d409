package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VizExampleTest {
  @Test
  void docsExampleRunsAndIsTheDocsCode(@TempDir Path dir) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      VizExample.main(new String[] {dir.toString()});
    } finally {
      System.setOut(old);
    }
    String dot = buf.toString(StandardCharsets.UTF_8);
    assertEquals(
        AppleGraphs.diagram(AppleGraphs.apple(), "gradgraph").toDot(), dot.stripTrailing() + "\n");
    assertTrue(Files.readString(dir.resolve("apple.svg")).contains("</svg>"));

    String code = Files.readString(Path.of("src/test/java/gradgraph/viz/VizExample.java"));
    String body =
        code.substring(code.indexOf("// DOCS-BEGIN") + 14, code.indexOf("    // DOCS-END"))
            .stripTrailing()
            .replaceAll("(?m)^    ", "");
    String docs = Files.readString(Path.of("../docs/viz.md"));
    assertTrue(
        docs.contains(body),
        "docs/viz.md must contain the example exactly as in VizExample.java:\n" + body);
  }
}
