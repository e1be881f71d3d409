package gradgraph.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The "write your own model" listing in docs/models.md is the compiled ResidualNet. */
class DocsTest {
  @Test
  void residualNetListingMatchesTheSource() throws IOException {
    Path docs = Path.of("..", "docs", "models.md");
    Path src = Path.of("src", "main", "java", "gradgraph", "models", "zoo", "ResidualNet.java");
    String md = Files.readString(docs, StandardCharsets.UTF_8);
    int at = md.indexOf("## Write your own model");
    assertTrue(at >= 0, "docs/models.md lacks the 'Write your own model' section");
    int start = md.indexOf("```java\n", at) + "```java\n".length();
    int end = md.indexOf("\n```", start);
    String listing = md.substring(start, end).strip();
    String source = Files.readString(src, StandardCharsets.UTF_8);
    String body = source.substring(source.indexOf("import ")).strip();
    assertEquals(body, listing, "update docs/models.md from ResidualNet.java (or the reverse)");
  }
}
