package gradgraph.models.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.check.GradAssertions;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Parameter;
import gradgraph.models.train.ModelGradCheck;
import gradgraph.ops.Ops;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * The recurrent cells against their equations in plain loops, float64 gradient checks of whole
 * stacked layers through every time step, truncated backpropagation through time and state
 * carrying, and the error messages.
 */
class RecurrentLayersTest {
  private final Well19937c rng = new Well19937c(3);

  private Tensor randn(int... shape) {
    return Tensor.randn(rng, DType.FLOAT64, 0, 1, shape);
  }

  private static double sig(double v) {
    return 1 / (1 + Math.exp(-v));
  }

  /** {@code z[n][j] = Σ x[n][k]·W[k][j] + ... } for row-major arrays. */
  private static double[] affine(double[] x, double[] w, int n, int in, int out) {
    double[] z = new double[n * out];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < out; j++) {
        double s = 0;
        for (int k = 0; k < in; k++) {
          s += x[r * in + k] * w[k * out + j];
        }
        z[r * out + j] = s;
      }
    }
    return z;
  }

  @Test
  void lstmCellFollowsItsEquations() {
    int n = 2;
    int d = 3;
    int h = 4;
    LstmCell cell = new LstmCell(d, h, new Well19937c(1), DType.FLOAT64);
    Tensor x = randn(n, d);
    Tensor h0 = randn(n, h);
    Tensor c0 = randn(n, h);
    RecurrentState s =
        cell.step(Variable.constant(x), Variable.constant(h0), Variable.constant(c0));
    double[] zx = affine(x.toDoubleArray(), cell.wx().value().toDoubleArray(), n, d, 4 * h);
    double[] zh = affine(h0.toDoubleArray(), cell.wh().value().toDoubleArray(), n, h, 4 * h);
    double[] b = cell.b().value().toDoubleArray();
    double[] hw = new double[n * h];
    double[] cw = new double[n * h];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < h; j++) {
        double[] z = new double[4];
        for (int g = 0; g < 4; g++) {
          int col = g * h + j;
          z[g] = zx[r * 4 * h + col] + zh[r * 4 * h + col] + b[col];
        }
        double c = sig(z[1]) * c0.toDoubleArray()[r * h + j] + sig(z[0]) * Math.tanh(z[2]);
        cw[r * h + j] = c;
        hw[r * h + j] = sig(z[3]) * Math.tanh(c);
      }
    }
    assertArrayEquals(hw, s.h(0).value().toDoubleArray(), 1e-12);
    assertArrayEquals(cw, s.c(0).value().toDoubleArray(), 1e-12);
  }

  @Test
  void gruCellFollowsPyTorchsEquations() {
    int n = 2;
    int d = 3;
    int h = 4;
    GruCell cell = new GruCell(d, h, new Well19937c(2), DType.FLOAT64);
    Tensor x = randn(n, d);
    Tensor h0 = randn(n, h);
    Variable h1 = cell.step(Variable.constant(x), Variable.constant(h0));
    double[] a = affine(x.toDoubleArray(), cell.wx().value().toDoubleArray(), n, d, 3 * h);
    double[] u = affine(h0.toDoubleArray(), cell.wh().value().toDoubleArray(), n, h, 3 * h);
    double[] b = cell.b().value().toDoubleArray();
    double[] bh = cell.bh().value().toDoubleArray();
    double[] want = new double[n * h];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < h; j++) {
        int o = r * 3 * h;
        double rg = sig(a[o + j] + b[j] + u[o + j] + bh[j]);
        double zg = sig(a[o + h + j] + b[h + j] + u[o + h + j] + bh[h + j]);
        double ng =
            Math.tanh(a[o + 2 * h + j] + b[2 * h + j] + rg * (u[o + 2 * h + j] + bh[2 * h + j]));
        want[r * h + j] = (1 - zg) * ng + zg * h0.toDoubleArray()[r * h + j];
      }
    }
    assertArrayEquals(want, h1.value().toDoubleArray(), 1e-12);
    // a null state is a zero state
    Tensor zero = Tensor.zeros(DType.FLOAT64, n, h);
    assertArrayEquals(
        cell.step(Variable.constant(x), Variable.constant(zero)).value().toDoubleArray(),
        cell.step(Variable.constant(x), null).value().toDoubleArray(),
        1e-12);
  }

  @Test
  void rnnCellIsTanhOfTheAffineSum() {
    RnnCell cell = new RnnCell(3, 2, new Well19937c(4), DType.FLOAT64);
    Tensor x = randn(2, 3);
    Tensor h0 = randn(2, 2);
    double[] zx = affine(x.toDoubleArray(), cell.wx().value().toDoubleArray(), 2, 3, 2);
    double[] zh = affine(h0.toDoubleArray(), cell.wh().value().toDoubleArray(), 2, 2, 2);
    double[] b = cell.b().value().toDoubleArray();
    double[] want = new double[4];
    for (int i = 0; i < 4; i++) {
      want[i] = Math.tanh(zx[i] + zh[i] + b[i % 2]);
    }
    assertArrayEquals(
        want,
        cell.step(Variable.constant(x), Variable.constant(h0)).value().toDoubleArray(),
        1e-12);
  }

  /** The sequence layer equals a loop of its cells' steps, batch-first output. */
  @Test
  void layerEqualsTheLoopOfItsCells() {
    for (RecurrentLayer layer :
        List.of(
            new Lstm(3, 4, 2, 0, new Well19937c(5), DType.FLOAT64),
            new Gru(3, 4, 2, 0, new Well19937c(6), DType.FLOAT64),
            new Rnn(3, 4, 2, 0, new Well19937c(7), DType.FLOAT64))) {
      int n = 2;
      int t = 3;
      Tensor x = randn(n, t, 3);
      RecurrentLayer.Output out = layer.apply(Variable.constant(x), null);
      assertArrayEquals(new int[] {n, t, 4}, out.output().shape());
      RecurrentState[] s = new RecurrentState[2];
      for (int step = 0; step < t; step++) {
        Variable in =
            Ops.reshape(
                Ops.slice(Variable.constant(x), new int[] {0, step}, new int[] {n, step + 1}),
                n,
                3);
        for (int l = 0; l < 2; l++) {
          s[l] = layer.cell(l).stepState(in, s[l]);
          in = s[l].h(0);
        }
        Variable got =
            Ops.reshape(
                Ops.slice(out.output(), new int[] {0, step}, new int[] {n, step + 1}), n, 4);
        assertArrayEquals(
            in.value().toDoubleArray(),
            got.value().toDoubleArray(),
            1e-12,
            layer + " step " + step);
      }
      for (int l = 0; l < 2; l++) {
        assertArrayEquals(
            s[l].h(0).value().toDoubleArray(), out.state().h(l).value().toDoubleArray(), 1e-12);
        assertEquals(layer instanceof Lstm, out.state().hasCell());
        if (out.state().hasCell()) {
          assertArrayEquals(
              s[l].c(0).value().toDoubleArray(), out.state().c(l).value().toDoubleArray(), 1e-12);
        }
      }
    }
  }

  /**
   * The fused LSTM, GRU and RNN ops ({@code LstmSequence}, {@code GruSequence}, {@code
   * RnnSequence}) against the cells' composite ops, stepped one by one: the same outputs, last
   * state and gradients of every parameter, the input and the initial state, in both dtypes; the
   * fused first-order backward records nothing.
   */
  @Test
  void fusedLayersEqualTheirCompositeTwins() {
    for (String kind : new String[] {"lstm", "gru", "rnn"}) {
      boolean lstm = kind.equals("lstm");
      for (DType dt : DType.values()) {
        double tol = dt == DType.FLOAT64 ? 1e-12 : 2e-5;
        RecurrentLayer[] layers = new RecurrentLayer[2];
        for (int k = 0; k < 2; k++) {
          layers[k] =
              switch (kind) {
                case "lstm" -> new Lstm(3, 5, 2, 0, new Well19937c(21), dt);
                case "gru" -> new Gru(3, 5, 2, 0, new Well19937c(21), dt);
                default -> new Rnn(3, 5, 2, 0, new Well19937c(21), dt);
              };
        }
        layers[1].fused = false;
        Tensor x = Tensor.randn(new Well19937c(22), dt, 0, 1, 4, 6, 3);
        Tensor w = Tensor.randn(new Well19937c(23), dt, 0, 1, 4, 6, 5);
        Tensor h0 = Tensor.randn(new Well19937c(24), dt, 0, 1, 4, 5);
        Tensor c0 = Tensor.randn(new Well19937c(25), dt, 0, 1, 4, 5);
        Variable[][] leaves = new Variable[2][];
        RecurrentLayer.Output[] outs = new RecurrentLayer.Output[2];
        for (int k = 0; k < 2; k++) {
          Variable xv = new Variable(x, "x");
          Variable hv = new Variable(h0, "h0");
          Variable cv = new Variable(c0, "c0");
          leaves[k] = lstm ? new Variable[] {xv, hv, cv} : new Variable[] {xv, hv};
          RecurrentState init =
              lstm
                  ? new RecurrentState(List.of(hv, hv.mul(0.5)), List.of(cv, cv.mul(-1)))
                  : RecurrentState.of(List.of(hv, hv.mul(0.5)));
          outs[k] = layers[k].apply(xv, init);
          Variable top = outs[k].state().top();
          Variable last = lstm ? outs[k].state().c(0) : outs[k].state().h(0);
          Ops.sum(outs[k].output().mul(Variable.constant(w)))
              .add(Ops.sum(top.mul(last)))
              .backward();
        }
        String what = kind + " " + dt;
        assertArrayEquals(
            outs[1].output().value().toDoubleArray(),
            outs[0].output().value().toDoubleArray(),
            tol,
            what);
        for (int l = 0; l < 2; l++) {
          assertArrayEquals(
              outs[1].state().h(l).value().toDoubleArray(),
              outs[0].state().h(l).value().toDoubleArray(),
              tol);
          if (lstm) {
            assertArrayEquals(
                outs[1].state().c(l).value().toDoubleArray(),
                outs[0].state().c(l).value().toDoubleArray(),
                tol);
          }
        }
        for (int i = 0; i < leaves[0].length; i++) {
          assertArrayEquals(
              leaves[1][i].grad().value().toDoubleArray(),
              leaves[0][i].grad().value().toDoubleArray(),
              tol * 10,
              what + " " + leaves[0][i].name());
          assertNull(leaves[0][i].grad().creator(), "nothing recorded in a first-order backward");
        }
        List<Parameter> pf = layers[0].parameters();
        List<Parameter> pt = layers[1].parameters();
        for (int i = 0; i < pf.size(); i++) {
          assertArrayEquals(
              pt.get(i).grad().value().toDoubleArray(),
              pf.get(i).grad().value().toDoubleArray(),
              tol * 10,
              what + " " + pf.get(i).name());
        }
      }
    }
  }

  /** Every parameter of a 2-layer layer, the input and the initial state, through T = 4 steps. */
  @Test
  void gradientsOfStackedLayersMatchCentralDifferences() {
    for (RecurrentLayer layer :
        List.of(
            new Lstm(3, 4, 2, 0, new Well19937c(8), DType.FLOAT64),
            new Gru(3, 4, 2, 0, new Well19937c(9), DType.FLOAT64),
            new Rnn(3, 4, 2, 0, new Well19937c(10), DType.FLOAT64))) {
      Tensor x = randn(2, 4, 3);
      Tensor w = randn(2, 4, 4); // a random weighting makes every output element count
      Variable wv = Variable.constant(w);
      boolean lstm = layer instanceof Lstm;
      Tensor h0 = randn(2, 4);
      Tensor c0 = randn(2, 4);
      GradAssertions.assertPassed(
          ModelGradCheck.checkLoss(
              layer, () -> Ops.sum(layer.apply(Variable.constant(x)).mul(wv))));
      // input and initial state: a seq2seq decoder's gradient reaches the encoder through it
      GradAssertions.assertGradientsMatch(
          v -> {
            RecurrentState init =
                lstm
                    ? new RecurrentState(List.of(v[1], v[1].mul(0.5)), List.of(v[2], v[2].mul(-1)))
                    : RecurrentState.of(List.of(v[1], v[1].mul(0.5)));
            RecurrentLayer.Output o = layer.apply(v[0], init);
            Variable last = o.state().top();
            return Ops.sum(o.output().mul(wv)).add(Ops.sum(last.mul(last)));
          },
          new Variable(x, "x"),
          new Variable(h0, "h0"),
          new Variable(c0, "c0"));
    }
  }

  @Test
  void secondOrderGradientsOfAnLstmMatch() {
    Lstm layer = new Lstm(2, 3, 1, 0, new Well19937c(11), DType.FLOAT64);
    GradAssertions.assertSecondOrderGradientsMatch(
        v -> Ops.sum(layer.apply(v[0]).square()), new Variable(randn(2, 3, 2), "x"));
  }

  /**
   * Truncated BPTT: with a stateful layer, the second chunk's loss sends no gradient into the first
   * chunk (its input stays without a gradient), and the weights' gradient equals that of a fresh
   * run from the carried state as a constant.
   */
  @Test
  void statefulChunksTruncateBackpropagation() {
    Lstm layer = new Lstm(3, 4, 2, 0, new Well19937c(12), DType.FLOAT64);
    layer.stateful(true);
    Variable x1 = new Variable(randn(2, 3, 3), "x1");
    Variable x2 = new Variable(randn(2, 3, 3), "x2");
    layer.apply(x1);
    RecurrentState carried = layer.carriedState();
    assertNotNull(carried);
    for (int l = 0; l < 2; l++) {
      assertNull(carried.h(l).creator(), "the carried state is cut from the graph");
      assertFalse(carried.c(l).requiresGrad());
    }
    Ops.sum(layer.apply(x2)).backward();
    assertNull(x1.grad(), "no gradient flows into the previous chunk");
    assertNotNull(x2.grad());
    double[] wh = layer.cell(0).wh().grad().value().toDoubleArray();

    Lstm fresh = new Lstm(3, 4, 2, 0, new Well19937c(12), DType.FLOAT64);
    Ops.sum(fresh.apply(x2.detach().setRequiresGrad(false), carried).output()).backward();
    assertArrayEquals(fresh.cell(0).wh().grad().value().toDoubleArray(), wh, 1e-12);
    // without truncation the first chunk's input does get a gradient
    Lstm whole = new Lstm(3, 4, 2, 0, new Well19937c(12), DType.FLOAT64);
    Variable y1 = new Variable(x1.value(), "x1");
    Ops.sum(whole.apply(x2, whole.apply(y1, null).state()).output()).backward();
    assertNotNull(y1.grad());
    assertTrue(Ops.sum(Ops.abs(y1.grad())).item() > 0);
  }

  /** Two stateful chunks give the same outputs as one call over the whole sequence. */
  @Test
  void statefulChunksContinueTheSequence() {
    for (RecurrentLayer layer :
        List.of(
            new Lstm(3, 4, 2, 0, new Well19937c(13), DType.FLOAT64),
            new Gru(3, 4, 2, 0, new Well19937c(13), DType.FLOAT64),
            new Rnn(3, 4, 1, 0, new Well19937c(13), DType.FLOAT64))) {
      Tensor x = randn(2, 5, 3);
      Variable whole = layer.apply(Variable.constant(x));
      assertFalse(layer.isStateful());
      assertNull(layer.carriedState());
      layer.stateful(true);
      Variable a = layer.apply(Ops.slice(Variable.constant(x), new int[] {0, 0}, new int[] {2, 2}));
      Variable b = layer.apply(Ops.slice(Variable.constant(x), new int[] {0, 2}, new int[] {2, 5}));
      Variable joined = Ops.concat(List.of(a, b), 1);
      assertArrayEquals(whole.value().toDoubleArray(), joined.value().toDoubleArray(), 1e-12);
      // after resetState the next call starts from zeros again
      layer.resetState();
      assertNull(layer.carriedState());
      Variable again =
          layer.apply(Ops.slice(Variable.constant(x), new int[] {0, 0}, new int[] {2, 2}));
      assertArrayEquals(a.value().toDoubleArray(), again.value().toDoubleArray(), 1e-12);
      // a stateful layer refuses a batch of another size until reset
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> layer.apply(Variable.constant(randn(3, 2, 3))));
      assertTrue(
          e.getMessage()
              .contains("batch of 3 differs from the carried state's 2; call resetState()"),
          e.getMessage());
      layer.stateful(false);
    }
  }

  @Test
  void dropoutBetweenLayersOnlyInTraining() {
    Lstm layer = new Lstm(3, 8, 2, 0.5, new Well19937c(14), DType.FLOAT64);
    Lstm plain = new Lstm(3, 8, 2, 0, new Well19937c(14), DType.FLOAT64);
    assertEquals(plain.parameterCount(), layer.parameterCount());
    Tensor x = randn(2, 3, 3);
    Variable train;
    try (Scope s = Mode.train()) {
      train = layer.apply(Variable.constant(x));
    }
    Variable eval;
    try (Scope s = layer.eval()) {
      eval = layer.apply(Variable.constant(x));
    }
    // same weights (the dropout seed is drawn after them) but different outputs in training
    assertArrayEquals(
        eval.value().toDoubleArray(),
        plain.apply(Variable.constant(x)).value().toDoubleArray(),
        1e-12);
    assertFalse(
        java.util.Arrays.equals(train.value().toDoubleArray(), eval.value().toDoubleArray()));
  }

  @Test
  void parametersAreNamedAfterTheSequel() {
    Lstm lstm = new Lstm(3, 4, 2, 0, new Well19937c(1), DType.FLOAT32);
    assertEquals(
        List.of("layer0.Wx", "layer0.Wh", "layer0.b", "layer1.Wx", "layer1.Wh", "layer1.b"),
        List.copyOf(lstm.namedParameters().keySet()));
    assertArrayEquals(new int[] {3, 16}, lstm.cell(0).wx().shape());
    assertArrayEquals(new int[] {4, 16}, lstm.cell(1).wx().shape());
    Gru gru = new Gru(3, 4, 1);
    assertEquals(
        List.of("layer0.Wx", "layer0.Wh", "layer0.b", "layer0.bh"),
        List.copyOf(gru.namedParameters().keySet()));
    assertArrayEquals(new int[] {4, 12}, gru.cell(0).wh().shape());
    for (Parameter p : lstm.parameters()) {
      double bound = 1 / Math.sqrt(4);
      for (double v : p.value().toDoubleArray()) {
        assertTrue(Math.abs(v) <= bound, p.name() + " " + v);
      }
    }
    assertEquals("Lstm(3 -> 4, layers 2)", lstm.toString().lines().findFirst().orElseThrow());
  }

  @Test
  void badInputsAreNamed() {
    Lstm lstm = new Lstm(3, 4, 2, 0, new Well19937c(1), DType.FLOAT64);
    assertMessage(
        "Lstm: x: expected [N, T, 3] (batch, time, features) with T > 0, got [2, 5]",
        () -> lstm.apply(Variable.constant(randn(2, 5))));
    assertMessage(
        "Lstm: x: expected [N, T, 3] (batch, time, features) with T > 0, got [2, 5, 4]",
        () -> lstm.apply(Variable.constant(randn(2, 5, 4))));
    assertMessage(
        "Lstm: state: has 1 layers, the layer has 2",
        () ->
            lstm.apply(
                Variable.constant(randn(2, 5, 3)),
                RecurrentState.of(Variable.constant(randn(2, 4)))));
    assertMessage(
        "Lstm: h[1]: expected [2, 4] (batch, hidden), got [2, 5]",
        () ->
            lstm.apply(
                Variable.constant(randn(2, 5, 3)),
                RecurrentState.of(
                    List.of(Variable.constant(randn(2, 4)), Variable.constant(randn(2, 5))))));
    Gru gru = new Gru(3, 4, 1);
    assertMessage(
        "Gru: state: has cell states c, which only an LSTM takes",
        () ->
            gru.apply(
                Variable.constant(randn(2, 5, 3)),
                RecurrentState.of(Variable.constant(randn(2, 4)), Variable.constant(randn(2, 4)))));
    LstmCell cell = new LstmCell(3, 4, 1L);
    assertMessage(
        "LstmCell: x: expected [N, 3], got [2, 2]",
        () -> cell.stepState(Variable.constant(randn(2, 2)), null));
    assertMessage(
        "LstmCell: c: expected [2, 4] (batch, hidden), got [1, 4]",
        () ->
            cell.step(
                Variable.constant(randn(2, 3)),
                Variable.constant(randn(2, 4)),
                Variable.constant(randn(1, 4))));
    assertMessage("Lstm: hiddenSize: must be > 0, got 0", () -> new Lstm(3, 0, 1L));
    assertMessage(
        "Rnn: numLayers: must be > 0, got 0",
        () -> new Rnn(3, 2, 0, 0, new Well19937c(1), DType.FLOAT32));
    assertMessage(
        "Gru: dropout: must be in [0, 1), got 1.0",
        () -> new Gru(3, 2, 2, 1.0, new Well19937c(1), DType.FLOAT32));
    assertMessage(
        "Lstm: setState: the layer is not stateful; call stateful(true) first",
        () -> lstm.setState(null));
    assertMessage(
        "RecurrentState: h: needs at least one layer", () -> RecurrentState.of(List.of()));
  }

  @Test
  void splittingByHalvesGivesEveryStepsRowsAndTheirGradients() {
    for (int t : new int[] {1, 2, 5, 8}) {
      Variable x = new Variable(randn(3 * t, 2), "x");
      List<Variable> parts = RecurrentLayer.splitSteps(x, t, 3);
      assertEquals(t, parts.size());
      Variable loss = null;
      for (int s = 0; s < t; s++) {
        assertArrayEquals(
            Ops.slice(x, new int[] {3 * s, 0}, new int[] {3 * s + 3, 2}).value().toDoubleArray(),
            parts.get(s).value().toDoubleArray());
        Variable term = Ops.sum(parts.get(s)).mul(s + 1.0);
        loss = loss == null ? term : loss.add(term);
      }
      loss.backward();
      double[] g = x.grad().value().toDoubleArray();
      for (int r = 0; r < 3 * t; r++) {
        assertEquals(r / 3 + 1.0, g[2 * r], 0);
        assertEquals(r / 3 + 1.0, g[2 * r + 1], 0);
      }
    }
  }

  private static void assertMessage(String want, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(want, e.getMessage());
  }
}
