package gradgraph.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LargeGraphTest {
  private static final int PAIRS = 50_000; // 100 000 ops

  @Test
  void aHundredThousandOpChainExportsCollapsedOnASmallStack() throws Exception {
    Variable y = TestGraphs.chain(PAIRS);
    AtomicReference<Object> result = new AtomicReference<>();
    // 256 KiB of stack: a recursive walk of this graph would overflow long before the end
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(Diagram.of(y).nodeBudget(200).toDot());
              } catch (Throwable e) {
                result.set(e);
              }
            },
            "small-stack",
            256 * 1024);
    t.start();
    t.join();
    if (result.get() instanceof Throwable e) {
      throw new AssertionError("export failed", e);
    }
    String dot = (String) result.get();
    // the full diagram: 100 000 circles, the leaf x and the output y; 200 are drawn
    int hidden = 2 * PAIRS + 2 - 200;
    assertTrue(
        dot.contains(String.format(Locale.ROOT, "… %,d more nodes hidden", hidden)),
        dot.substring(0, 800));
    assertEquals(200, DiagramTest.nodes(dot).size() - 1); // minus the summary node
    assertTrue(dot.contains("hidden -> f0 [label=\"3\"]"), dot.substring(0, 2000));
    assertTrue(dot.contains("label=\"y\""));
  }

  @Test
  void compactAndDezeroCollapseTheChainToo() {
    Variable y = TestGraphs.chain(PAIRS);
    String compact = Diagram.of(y).style(Style.COMPACT).nodeBudget(50).toDot();
    assertEquals(50, DiagramTest.nodes(compact).size() - 1);
    String dezero = Diagram.of(y).style(Style.DEZERO).nodeBudget(51).toDot();
    // every op brings its result: 25 ops and 25 results fit, then the output's op would not
    assertEquals(50, DiagramTest.nodes(dezero).size() - 1);
    int hidden = 2 * (2 * PAIRS) + 1 - 50;
    assertTrue(
        dezero.contains(String.format(Locale.ROOT, "… %,d more nodes hidden", hidden)), dezero);
  }
}
