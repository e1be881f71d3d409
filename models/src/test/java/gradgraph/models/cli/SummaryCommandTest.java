package gradgraph.models.cli;

import static gradgraph.models.cli.HostileUserTest.assertOneLine;
import static gradgraph.models.cli.HostileUserTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.models.cli.HostileUserTest.Result;
import gradgraph.models.zoo.SimpleConvNet;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code gradgraph summary}: the table for the ready models, and one line for bad input. */
class SummaryCommandTest {
  @Test
  void printsTheSimpleConvNetTableByDefault() {
    Result r = run("summary");
    assertEquals(Main.OK, r.code(), r.err());
    assertEquals("", r.err());
    // the same table as the API's, for the book's 1×28×28 input
    assertEquals(new SimpleConvNet(42).summary(1, 1, 28, 28).toString(), r.out().strip());
    assertTrue(r.out().contains("  conv1 (Conv2d)"), r.out());
    assertTrue(r.out().contains("Total params: 433,890\n"), r.out());
  }

  @Test
  void buildsTheModelForTheInputShape() {
    // three 32×32 colour images: conv1 has 30·3·25 + 30 weights, fc1 30·14·14·100 + 100
    Result r = run("summary", "--model", "cnn", "--input-shape", "3,3,32,32");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("[3, 30, 28, 28]"), r.out());
    long params = (30 * 3 * 25 + 30) + (30 * 14 * 14 * 100 + 100) + (100 * 10 + 10);
    assertTrue(
        r.out().contains(String.format(Locale.ROOT, "Total params: %,d\n", params)), r.out());
    // points for the MLP: 2 -> 100 -> 100 -> 10
    Result mlp = run("summary", "--model", "mlp", "--input-shape", "1, 2");
    assertEquals(Main.OK, mlp.code(), mlp.err());
    assertTrue(mlp.out().contains("Total mult-adds: 11,200 (0.01 M)"), mlp.out());
    Result deep = run("summary", "--model", "deep-cnn");
    assertEquals(Main.OK, deep.code(), deep.err());
    assertTrue(deep.out().contains("    layers.conv1 (Conv2d)"), deep.out());
  }

  @Test
  void isListedInTheHelp() {
    Result r = run("--help");
    assertTrue(r.out().contains("summary"), r.out());
    Result h = run("summary", "--help");
    assertEquals(Main.OK, h.code());
    assertTrue(h.out().contains("--input-shape"), h.out());
  }

  @Test
  void badInputIsOneLineNamingTheOptionAndValue() {
    assertOneLine(run("summary", "--model", "vgg"), Main.USAGE, "summary", "--model", "'vgg'");
    assertOneLine(
        run("summary", "--input-shape", "1,x,28,28"),
        Main.USAGE,
        "summary",
        "--input-shape",
        "'1,x,28,28'",
        "comma-separated");
    assertOneLine(
        run("summary", "--input-shape", "1,0,28,28"),
        Main.USAGE,
        "summary",
        "--input-shape",
        "'1,0,28,28'",
        ">= 1");
    assertOneLine(
        run("summary", "--input-shape", "784"), Main.USAGE, "summary", "--input-shape", "'784'");
    assertOneLine(run("summary", "--input-shape", ""), Main.USAGE, "summary", "--input-shape");
    // the right rank for an MLP, the wrong one for a CNN
    assertOneLine(
        run("summary", "--model", "cnn", "--input-shape", "1,784"),
        Main.USAGE,
        "summary",
        "--input-shape",
        "1,784",
        "--model cnn",
        "[784]");
    assertOneLine(
        run("summary", "--model", "resnet", "--input-shape", "1,3,32,32"),
        Main.USAGE,
        "summary",
        "--input-shape",
        "1,3,32,32",
        "--model resnet");
    assertOneLine(
        run("summary", "--input-shape", "99999999999,1"),
        Main.USAGE,
        "summary",
        "--input-shape",
        "99999999999",
        "too large");
    assertOneLine(run("summary", "--classes", "0"), Main.USAGE, "summary", "--classes", "0");
    assertOneLine(
        run("summary", "--model", "deep-cnn", "--classes", "3"),
        Main.USAGE,
        "summary",
        "--classes: --model deep-cnn needs 10, got 3");
  }
}
