package gradgraph.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.models.data.Dataset;
import gradgraph.models.data.Spiral;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.zoo.Mlp;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void values() {
    LrSchedule c = LrSchedule.cosine();
    assertEquals(0.1, c.lr(0.1, 0, 100, 10), 1e-15);
    assertEquals(0.05, c.lr(0.1, 50, 100, 10), 1e-15);
    assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 99 / 100)), c.lr(0.1, 99, 100, 10), 1e-15);
    assertTrue(c.lr(0.1, 99, 100, 10) > 0);
    LrSchedule s = LrSchedule.stepDecay(2, 0.5);
    assertEquals(0.1, s.lr(0.1, 19, 100, 10), 1e-15); // epoch 1
    assertEquals(0.05, s.lr(0.1, 20, 100, 10), 1e-15); // epoch 2
    assertEquals(0.025, s.lr(0.1, 45, 100, 10), 1e-15); // epoch 4
    assertEquals(0.3, LrSchedule.constant().lr(0.3, 7, 100, 10));
    assertEquals("cosine", LrSchedule.parse("Cosine").toString());
    assertEquals(0.05, LrSchedule.parse("step:1:0.5").lr(0.1, 10, 100, 10), 1e-15);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("linear"));
    assertTrue(e.getMessage().contains("cosine"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse("step:x:0.5"));
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(1, 1.5));
  }

  @Test
  void trainerAppliesTheScheduleBeforeEveryStepAndResumesOnTheSameCurve() {
    Dataset data = Spiral.create(1984, 100, 3, 0.2);
    Trainer t =
        new Trainer()
            .epochs(4)
            .batchSize(30)
            .optimizer("sgd")
            .lr(0.5)
            .seed(3)
            .lrSchedule(LrSchedule.cosine())
            .progress(ProgressReporter.silent())
            .out(new PrintWriter(new StringWriter()));
    Mlp whole = new Mlp(Mlp.Config.of(2, 3, 3, 10));
    Optimizer o = t.createOptimizer(whole);
    History full = t.fit(whole, o, data, null, 0);
    int perEpoch = (data.size() + 29) / 30;
    long total = 4L * perEpoch;
    assertEquals(LrSchedule.cosine().lr(0.5, total - 1, total, perEpoch), o.lr(), 1e-15);

    // an interrupted 4-epoch run (it dies after epoch 2), then resumed from its state
    Mlp half = new Mlp(Mlp.Config.of(2, 3, 3, 10));
    Optimizer o2 = t.createOptimizer(half);
    t.onEpoch(
        (epoch, h) -> {
          if (epoch == 2) {
            throw new IllegalStateException("crash");
          }
        });
    assertThrows(IllegalStateException.class, () -> t.fit(half, o2, data, null, 0));
    t.onEpoch(null);
    History rest = t.fit(half, o2, data, null, 2);
    assertEquals(full.epochLosses().subList(2, 4), rest.epochLosses());
  }
}
