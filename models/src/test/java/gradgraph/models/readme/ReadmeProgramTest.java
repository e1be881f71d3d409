package gradgraph.models.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "complete small program" is this package's TrainFashion, and it works. */
class ReadmeProgramTest {
  @Test
  void readmeShowsTheProgramAndItLearns() throws Exception {
    String source =
        Files.readString(
            Path.of("src/test/java/gradgraph/models/readme/TrainFashion.java"),
            StandardCharsets.UTF_8);
    String body = source.substring(source.indexOf("import ")).strip();
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    assertTrue(
        readme.contains(body),
        "README.md must show TrainFashion.java from its imports on:\n" + body);

    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      TrainFashion.main(new String[0]);
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("=== epoch:20, train acc:"), out);
    Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+)").matcher(out);
    assertTrue(m.find(), out);
    double acc = Double.parseDouble(m.group(1));
    // 10 classes: chance is 0.1; this run measured 0.800 (20 epochs of 2 000 images).
    assertTrue(acc > 0.75, "accuracy " + acc + "\n" + out);
  }
}
