package gradgraph.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.device.ComputePool;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Runs each benchmark body once (no JMH, no timing) so that a broken benchmark fails the build. */
class BenchmarksSmokeTest {
  @Test
  void matMulComputesTheProductAndRestoresTheThreadCount() {
    int before = ComputePool.threads();
    MatMul b = new MatMul();
    b.shape = "7x13x33";
    b.dtype = DType.FLOAT64;
    b.threads = 2;
    b.trans = "tn";
    b.setup();
    Tensor c = b.matmul();
    b.tearDown();
    assertArrayEquals(new int[] {7, 33}, c.shape());
    assertEquals(before, ComputePool.threads());
    assertThrows(IllegalArgumentException.class, () -> MatMul.parse("7x13"));
  }

  @Test
  void graphOverheadComputesTheBooksAppleOrangeGradients() {
    GraphOverhead b = new GraphOverhead();
    b.setup();
    // price 715; d apple 2.2, d count 110, d orange 3.3, d count 165, d tax 650
    assertEquals(715 + 2.2 + 110 + 3.3 + 165 + 650, b.appleOrangeForwardBackward(), 1e-9);
    assertEquals(715, b.appleOrangeForward().item(), 1e-9);
    assertEquals(9, b.oneMul().item());
  }

  @Test
  void convBenchmarksProduceTheSimpleConvNetShapes() {
    Conv2d b = new Conv2d();
    b.dtype = DType.FLOAT32;
    b.threads = 1;
    b.setup();
    try {
      assertArrayEquals(new int[] {57600, 25}, b.im2col().shape());
      assertArrayEquals(new int[] {100, 1, 28, 28}, b.col2im().shape());
      assertArrayEquals(new int[] {100, 30, 12, 12}, b.maxPool().shape());
      assertArrayEquals(new int[] {100, 30, 24, 24}, b.maxPoolBackward().shape());
      assertArrayEquals(new int[] {100, 30, 24, 24}, b.convForward().shape());
      Tensor[] g = b.convBackward();
      assertArrayEquals(new int[] {30, 25}, g[0].shape());
      assertArrayEquals(new int[] {100, 1, 28, 28}, g[1].shape());
      assertArrayEquals(new int[] {30, 25}, b.convBackwardGemms()[0].shape());
    } finally {
      b.tearDown();
    }
  }

  @Test
  void mixedShapesRunsEveryShape() {
    MixedShapes b = new MixedShapes();
    b.setup();
    assertEquals(b.round(), b.round());
  }

  @Test
  void mlpStepStartsAtLn10AndLearnsTheBatch() {
    MlpStep b = new MlpStep();
    b.threads = 1;
    b.setup();
    try {
      double first = b.step();
      // weights of std 0.01 give logits near 0: the loss of 10 equally likely classes
      assertEquals(Math.log(10), first, 0.01);
      assertTrue(b.step() < first, "SGD on the same batch lowers its loss");
    } finally {
      b.tearDown();
    }
  }

  @Test
  void cnnStepStartsAtLn10AndLearnsTheBatch() {
    int before = ComputePool.threads();
    CnnStep b = new CnnStep();
    b.threads = 2;
    b.setup();
    try {
      assertEquals(2, ComputePool.threads());
      double first = b.step();
      assertEquals(Math.log(10), first, 0.01);
      assertTrue(b.step() < first, "Adam on the same batch lowers its loss");
    } finally {
      b.tearDown();
    }
    assertEquals(before, ComputePool.threads());
  }

  @Test
  void lstmLmStepLowersTheLossOfItsChunkAndRejectsUnknownConfigs() {
    int before = ComputePool.threads();
    LstmLmStep b = new LstmLmStep();
    b.config = "tiny";
    b.threads = 1;
    b.setup();
    double first = b.step();
    double second = b.step();
    b.tearDown();
    assertEquals(before, ComputePool.threads());
    // random ids over 50 words: the first loss is near ln 50, and one SGD step lowers it
    assertEquals(Math.log(50), first, 0.3);
    assertTrue(second < first, first + " -> " + second);
    LstmLmStep bad = new LstmLmStep();
    bad.config = "large";
    bad.threads = 1;
    assertThrows(IllegalArgumentException.class, bad::setup);
  }

  @Test
  void rnnLayerStepRunsEveryKindAndRejectsUnknownOnes() {
    int before = ComputePool.threads();
    for (String kind : new String[] {"lstm", "gru", "rnn"}) {
      RnnLayerStep b = new RnnLayerStep();
      b.kind = kind;
      b.hidden = 4;
      b.threads = 1;
      b.setup();
      double first = b.step();
      // the same input and weights give the same sum, and every parameter gets a gradient
      assertEquals(first, b.step(), 1e-4, kind);
      assertTrue(
          b.layer.parameters().stream().allMatch(p -> p.grad() != null), kind + ": gradients");
      b.tearDown();
    }
    assertEquals(before, ComputePool.threads());
    RnnLayerStep bad = new RnnLayerStep();
    bad.kind = "transformer";
    bad.hidden = 4;
    bad.threads = 1;
    assertThrows(IllegalArgumentException.class, bad::setup);
  }
}
