package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesMainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ExamplesMain.run(new PrintWriter(out), new PrintWriter(err), args);
  }

  @Test
  void listsEveryExampleOnceInTheBooksOrder() {
    assertEquals(0, run("--list"));
    Set<String> seen = new HashSet<>();
    String previous = "";
    boolean inSequel = false;
    for (Example e : Examples.all()) {
      assertTrue(seen.add(e.name()), "twice: " + e.name());
      assertTrue(e.name().matches("ch0[2-8]-[a-z0-9-]+"), e.name());
      // the book's chapters in order, then the sequel's (package gradgraph.examples.sequel)
      boolean sequel = e.getClass().getPackageName().equals("gradgraph.examples.sequel");
      assertTrue(sequel || !inSequel, "a book example after the sequel's: " + e.name());
      if (sequel && !inSequel) {
        inSequel = true;
        previous = "";
      }
      assertTrue(e.name().substring(0, 4).compareTo(previous) >= 0, e.name());
      previous = e.name().substring(0, 4);
      assertTrue(out.toString().contains(e.name()));
    }
  }

  @Test
  void runsAnExampleIntoTheGivenDirectory(@TempDir Path dir) {
    assertEquals(0, run("ch02-gates", "--out", dir.toString(), "--quick"), err.toString());
    assertTrue(out.toString().contains("XOR wrong rows"));
    assertTrue(Files.exists(dir.resolve("and.png")));
  }

  @Test
  void badArgumentsExitWithTwoAndSayWhy() {
    assertEquals(2, run("no-such-example"));
    assertTrue(err.toString().contains("'no-such-example' is not an example"), err.toString());
    assertEquals(2, run());
    assertEquals(2, run("ch02-gates", "--out"));
    assertEquals(2, run("ch02-gates", "--bogus"));
    assertTrue(err.toString().contains("unknown option '--bogus'"));
  }

  @Test
  void theMainCommandLineHandsExampleToThisModule() {
    // gradgraph.models.cli.Main finds ExamplesMain on the class path and passes the arguments on
    assertEquals(
        0,
        gradgraph.models.cli.Main.run(
            new PrintWriter(out), new PrintWriter(err), "example", "--list"));
    assertTrue(out.toString().contains("ch02-gates"), out.toString());
    assertEquals(
        2,
        gradgraph.models.cli.Main.run(
            new PrintWriter(out), new PrintWriter(err), "example", "nope"));
    assertTrue(err.toString().contains("'nope' is not an example"), err.toString());
  }
}
