package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Compares DOT text with the golden files in src/test/resources/golden. After an intended change to
 * the drawing, regenerate them with {@code ./mvnw -pl graph-viz -am test
 * -Dgradgraph.updateGolden=true -Dtest=GoldenDotTest -Dsurefire.failIfNoSpecifiedTests=false}, look
 * at the diff, and commit it.
 */
class GoldenDotTest {
  private static final Pattern EDGE =
      Pattern.compile("^  (\\w+) -> (\\w+) \\[label=\"([^\"]*)\"(, dir=back)?", Pattern.MULTILINE);

  @Test
  void appleMatchesGoldenFile() throws IOException {
    String dot = AppleGraphs.diagram(AppleGraphs.apple(), "apple").toDot();
    golden("apple.dot", dot);
    assertEquals(List.of("100", "2", "200", "1.1", "220"), edgeLabels(dot, false));
    assertEquals(List.of("2.2", "110", "1.1", "200", "1"), edgeLabels(dot, true));
  }

  @Test
  void appleOrangeMatchesGoldenFile() throws IOException {
    String dot = AppleGraphs.diagram(AppleGraphs.appleOrange(), "apple-orange").toDot();
    golden("apple-orange.dot", dot);
    assertEquals(
        List.of("100", "2", "150", "3", "200", "450", "650", "1.1", "715"), edgeLabels(dot, false));
    assertEquals(
        List.of("2.2", "110", "3.3", "165", "1.1", "1.1", "1.1", "650", "1"),
        edgeLabels(dot, true));
  }

  @Test
  void appleBeforeBackwardMatchesGoldenFile() throws IOException {
    String dot = Diagram.of(TestGraphs.appleForwardOnly()).title("apple").toDot();
    golden("apple-forward.dot", dot);
    assertEquals(List.of(), edgeLabels(dot, true));
  }

  @Test
  void dezeroMatchesGoldenFile() throws IOException {
    String dot = Diagram.of(AppleGraphs.apple()).style(Style.DEZERO).title("apple").toDot();
    golden("apple-dezero.dot", dot);
  }

  @Test
  void compactMatchesGoldenFile() throws IOException {
    String dot = Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT).title("mlp").toDot();
    golden("mlp-compact.dot", dot);
  }

  @Test
  void compactExpandedMatchesGoldenFile() throws IOException {
    String dot =
        Diagram.of(TestGraphs.scopedMlp(true))
            .style(Style.COMPACT)
            .expandScopes(true)
            .title("mlp")
            .toDot();
    golden("mlp-compact-expanded.dot", dot);
  }

  @Test
  void sameGraphBuiltTwiceGivesTheSameText() {
    Diagram a = Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT);
    Diagram b = Diagram.of(TestGraphs.scopedMlp(true)).style(Style.COMPACT);
    assertEquals(a.toDot(), b.toDot());
    assertEquals(
        Diagram.of(AppleGraphs.appleOrange()).toDot(),
        Diagram.of(AppleGraphs.appleOrange()).toDot());
  }

  /** Labels of forward (black) or gradient (red, drawn back) edges, in file order. */
  static List<String> edgeLabels(String dot, boolean gradients) {
    List<String> labels = new ArrayList<>();
    Matcher m = EDGE.matcher(dot);
    while (m.find()) {
      if ((m.group(4) != null) == gradients) {
        labels.add(m.group(3));
      }
    }
    return labels;
  }

  private static void golden(String name, String actual) throws IOException {
    String normalized = actual.replace("\r\n", "\n");
    if (Boolean.getBoolean("gradgraph.updateGolden")) {
      Path file = Path.of("src", "test", "resources", "golden", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, normalized, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = GoldenDotTest.class.getResourceAsStream("/golden/" + name)) {
      assertTrue(
          in != null,
          "golden file " + name + " is missing; run with -Dgradgraph.updateGolden=true");
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
      assertEquals(expected, normalized, "DOT differs from golden/" + name);
    }
  }
}
