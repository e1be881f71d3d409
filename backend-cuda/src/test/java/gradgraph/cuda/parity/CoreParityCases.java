package gradgraph.cuda.parity;

import static gradgraph.cuda.parity.ParityCase.graph;
import static gradgraph.cuda.parity.ParityCase.kernel;

import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.RandomKind;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;

/**
 * Every method of graph-core's {@link Kernels} interface in both dtypes, on edge shapes (scalars,
 * size-1 and size-0 dimensions, odd sizes, block-reduction sizes), plus forward and backward of
 * graph-core's primitive ops.
 */
public final class CoreParityCases implements ParityCaseProvider {
  /** Creates the provider (ServiceLoader). */
  public CoreParityCases() {}

  private static Tensor rnd(long seed, DType dt, double lo, double hi, int... shape) {
    return Tensor.rand(new Well19937c(seed), dt, lo, hi, shape);
  }

  /** Integers in [0, k): many ties, for argMax and max pooling. */
  private static Tensor ints(long seed, DType dt, int k, int... shape) {
    Tensor u = rnd(seed, DType.FLOAT64, 0, k, shape);
    double[] d = u.toDoubleArray();
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.floor(d[i]);
    }
    return Tensor.of(d, shape).to(dt);
  }

  private static Kernels k(Tensor t) {
    return t.device().kernels();
  }

  private static Tensor[] one(Tensor t) {
    return new Tensor[] {t};
  }

  @Override
  public List<ParityCase> cases() {
    List<ParityCase> c = new ArrayList<>();
    for (DType dt : DType.values()) {
      String s = " " + dt.name().toLowerCase(java.util.Locale.ROOT);
      c.add(kernel("round trip" + s, x -> one(x[0]), rnd(1, dt, -5, 5, 3, 7)));
      c.add(kernel("round trip empty" + s, x -> one(x[0]), rnd(1, dt, -5, 5, 0, 7)));
      c.add(
          kernel(
              "toFloatArray" + s,
              x -> one(Tensor.of(k(x[0]).toFloatArray(x[0]), 5)),
              rnd(2, dt, -5, 5, 5)));
      for (double v : new double[] {0, -0.0, 2.5, Double.NaN}) {
        c.add(
            kernel(
                "full " + v + s,
                x -> one(k(x[0]).full(dt, new int[] {3, 5}, v)),
                Tensor.zeros(dt, 1)));
      }
      c.add(
          kernel(
              "full scalar" + s, x -> one(k(x[0]).full(dt, new int[] {}, 7)), Tensor.zeros(dt, 1)));
      for (RandomKind kind : RandomKind.values()) {
        c.add(
            kernel(
                "random " + kind + s,
                x -> one(k(x[0]).random(kind, dt, new int[] {4, 33}, 0.3, 2, new Well19937c(9))),
                Tensor.zeros(dt, 1)));
      }
      DType other = dt == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
      c.add(kernel("cast" + s, x -> one(x[0].to(other)), rnd(3, dt, -3, 3, 2, 9)));
      // unary: every op, domain-safe inputs, alpha where it matters
      for (UnaryOp op : UnaryOp.values()) {
        boolean positive =
            op == UnaryOp.LOG
                || op == UnaryOp.SQRT
                || op == UnaryOp.POW
                || op == UnaryOp.RECIPROCAL;
        Tensor in = positive ? rnd(4, dt, 0.1, 4, 257) : rnd(4, dt, -6, 6, 257);
        double alpha = op == UnaryOp.POW ? 1.5 : 0.25;
        c.add(kernel("unary " + op + s, x -> one(x[0].map(op, alpha)), in));
      }
      c.add(
          kernel(
              "unary specials" + s,
              x -> one(x[0].map(UnaryOp.SIGN).add(x[0].map(UnaryOp.SIGMOID))),
              Tensor.of(new double[] {0, -0.0, Double.NaN, -1e30, 1e30, 3}, 6).to(dt)));
      c.add(kernel("pow 2" + s, x -> one(x[0].map(UnaryOp.POW, 2)), rnd(5, dt, -3, 3, 1)));
      // binary: every op, broadcast patterns, promotion
      int[][][] shapes = {
        {{2, 3}, {2, 3}},
        {{2, 3}, {3}},
        {{4, 1}, {1, 5}},
        {{}, {3, 2}},
        {{2, 1, 3}, {4, 1}},
        {{0, 3}, {3}},
        {{1}, {1}}
      };
      for (BinaryOp op : BinaryOp.values()) {
        for (int[][] sh : shapes) {
          Tensor a = op == BinaryOp.POW ? rnd(6, dt, 0.5, 2, sh[0]) : ints(6, dt, 3, sh[0]);
          Tensor b = op == BinaryOp.DIV ? rnd(7, dt, 0.5, 2, sh[1]) : ints(7, dt, 3, sh[1]);
          c.add(
              kernel(
                  "binary " + op + " " + Arrays.toString(sh[0]) + Arrays.toString(sh[1]) + s,
                  x -> one(x[0].zip(op, x[1])),
                  a,
                  b));
        }
      }
      c.add(
          kernel(
              "binary promotes" + s,
              x -> one(x[0].add(x[1])),
              rnd(8, dt, -1, 1, 2, 3),
              rnd(9, other, -1, 1, 3)));
      c.add(
          kernel(
              "maximum NaN" + s,
              x -> one(x[0].zip(BinaryOp.MAXIMUM, x[1]).add(x[0].zip(BinaryOp.MINIMUM, x[1]))),
              Tensor.of(new double[] {Double.NaN, 1, 2}, 3).to(dt),
              Tensor.of(new double[] {0, Double.NaN, 1}, 3).to(dt)));
      // reductions
      for (ReduceOp op : ReduceOp.values()) {
        Tensor x3 = rnd(10, dt, -1, 1, 3, 4, 5);
        int[][] axesList = {{0}, {1}, {2}, {0, 2}, {0, 1, 2}};
        for (int[] axes : axesList) {
          for (boolean keep : new boolean[] {false, true}) {
            c.add(
                kernel(
                    op + " axes " + Arrays.toString(axes) + " keep " + keep + s,
                    x -> one(x[0].reduce(op, keep, axes)),
                    x3));
          }
        }
        c.add(
            kernel(
                op + " block path" + s,
                x -> one(x[0].reduce(op, false, 1)),
                rnd(11, dt, -1, 1, 3, 5000)));
        c.add(
            kernel(
                op + " full large" + s,
                x -> one(x[0].reduce(op, false)),
                rnd(12, dt, -1, 1, 100003)));
        c.add(
            kernel(
                op + " over empty axis" + s,
                x -> one(x[0].reduce(op, false, 0)),
                rnd(13, dt, -1, 1, 0, 3)));
        c.add(kernel(op + " scalar" + s, x -> one(x[0].reduce(op, false)), rnd(14, dt, -1, 1)));
        c.add(
            kernel(
                op + " NaN" + s,
                x -> one(x[0].reduce(op, false, 1)),
                Tensor.of(new double[] {1, Double.NaN, 3, 4, 5, 6}, 2, 3).to(dt)));
      }
      for (int axis = 0; axis < 3; axis++) {
        int ax = axis;
        c.add(
            kernel(
                "argMax axis " + axis + s,
                x -> one(Tensor.of(toDoubles(x[0].argMax(ax)), x[0].argMax(ax).length)),
                ints(15, dt, 3, 4, 5, 6)));
      }
      // matmul
      int[][][] mm = {
        {{3, 4}, {4, 5}}, {{1, 1}, {1, 1}}, {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}},
        {{2, 1, 3, 4}, {1, 3, 4, 5}}, {{3, 0}, {0, 5}}, {{0, 4}, {4, 5}}, {{65, 130}, {130, 33}}
      };
      for (int[][] sh : mm) {
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          int[] as = sh[0].clone();
          int[] bs = sh[1].clone();
          if (ta) {
            swapLast(as);
          }
          if (tb) {
            swapLast(bs);
          }
          c.add(
              kernel(
                  "matmul " + Arrays.toString(as) + Arrays.toString(bs) + " " + ta + " " + tb + s,
                  x -> one(x[0].matmul(x[1], ta, tb)),
                  rnd(16, dt, -1, 1, as),
                  rnd(17, dt, -1, 1, bs)));
        }
      }
      c.add(
          kernel(
              "matmul promotes" + s,
              x -> one(x[0].matmul(x[1])),
              rnd(18, dt, -1, 1, 3, 4),
              rnd(19, other, -1, 1, 4, 2)));
      // movement
      Tensor m4 = rnd(20, dt, -1, 1, 2, 3, 4, 5);
      c.add(kernel("permute" + s, x -> one(x[0].permute(2, 0, 3, 1)), m4));
      c.add(kernel("transpose" + s, x -> one(x[0].transpose()), m4));
      c.add(kernel("permute empty" + s, x -> one(x[0].permute(1, 0)), rnd(21, dt, 0, 1, 0, 3)));
      c.add(
          kernel("broadcastTo" + s, x -> one(x[0].broadcastTo(4, 2, 3)), rnd(22, dt, -1, 1, 2, 1)));
      c.add(kernel("broadcastTo scalar" + s, x -> one(x[0].broadcastTo(3, 3)), rnd(23, dt, -1, 1)));
      c.add(
          kernel(
              "slice" + s,
              x -> one(k(x[0]).slice(x[0], new int[] {1, 0, 1, 2}, new int[] {2, 3, 3, 5})),
              m4));
      c.add(
          kernel(
              "pad" + s,
              x -> one(k(x[0]).pad(x[0], new int[] {4, 5, 6}, new int[] {1, 2, 3})),
              rnd(24, dt, -1, 1, 2, 3, 2)));
      for (int axis = 0; axis < 2; axis++) {
        int ax = axis;
        c.add(
            kernel(
                "concat axis " + axis + s,
                x -> one(k(x[0]).concat(x, ax)),
                rnd(25, dt, -1, 1, 2, 3),
                rnd(26, dt, -1, 1, 2, 3),
                rnd(27, dt, -1, 1, 2, 3)));
      }
      c.add(
          kernel(
              "concat with empty" + s,
              x -> one(k(x[0]).concat(x, 0)),
              rnd(28, dt, -1, 1, 0, 3),
              rnd(29, dt, -1, 1, 2, 3)));
      int[] index = {2, 0, 2, 1};
      for (int axis = 0; axis < 3; axis++) {
        int ax = axis;
        c.add(
            kernel(
                "indexSelect axis " + axis + s,
                x -> one(k(x[0]).indexSelect(x[0], ax, index)),
                rnd(30, dt, -1, 1, 3, 3, 3)));
        int[] shape = {3, 3, 3};
        int[] small = shape.clone();
        small[ax] = index.length;
        c.add(
            kernel(
                "indexAdd axis " + axis + s,
                x -> one(k(x[0]).indexAdd(x[0], shape, ax, index)),
                rnd(31, dt, -1, 1, small)));
      }
      for (int axis = 0; axis < 3; axis++) {
        int ax = axis;
        for (boolean log : new boolean[] {false, true}) {
          c.add(
              kernel(
                  "softmax axis " + axis + " log " + log + s,
                  x -> one(k(x[0]).softmax(x[0], ax, log)),
                  rnd(32, dt, -30, 30, 3, 4, 5)));
        }
      }
      // convolution and pooling
      int[][] geo = {{3, 3, 1, 1}, {2, 2, 2, 0}, {3, 2, 2, 1}, {1, 1, 1, 0}, {5, 5, 1, 0}};
      Tensor img = rnd(33, dt, -1, 1, 2, 3, 7, 6);
      Tensor tied = ints(34, dt, 3, 2, 3, 7, 6);
      for (int[] g : geo) {
        String gs = " " + Arrays.toString(g) + s;
        c.add(kernel("im2col" + gs, x -> one(k(x[0]).im2col(x[0], g[0], g[1], g[2], g[3])), img));
        c.add(
            kernel(
                "col2im" + gs,
                x ->
                    one(
                        k(x[0])
                            .col2im(
                                k(x[0]).im2col(x[0], g[0], g[1], g[2], g[3]),
                                x[0].shape(),
                                g[0],
                                g[1],
                                g[2],
                                g[3])),
                img));
        int kh = Math.min(g[0], 3);
        int kw = Math.min(g[1], 3);
        int pad = Math.min(g[3], kh / 2);
        c.add(kernel("maxPool" + gs, x -> one(k(x[0]).maxPool2d(x[0], kh, kw, g[2], pad)), tied));
        c.add(
            kernel(
                "maxPool backward" + gs,
                x -> {
                  Tensor y = k(x[0]).maxPool2d(x[0], kh, kw, g[2], pad);
                  return one(
                      k(x[0])
                          .maxPool2dBackward(
                              x[0], y.map(UnaryOp.ADD_SCALAR, 1), kh, kw, g[2], pad));
                },
                tied));
        c.add(kernel("avgPool" + gs, x -> one(k(x[0]).avgPool2d(x[0], kh, kw, g[2], pad)), img));
        c.add(
            kernel(
                "avgPool backward" + gs,
                x -> {
                  Tensor y = k(x[0]).avgPool2d(x[0], kh, kw, g[2], pad);
                  return one(k(x[0]).avgPool2dBackward(y, x[0].shape(), kh, kw, g[2], pad));
                },
                img));
      }
      // graph-core primitives, forward and backward
      c.add(
          graph(
              "add broadcast" + s,
              v -> v[0].add(v[1]).sum(),
              rnd(40, dt, -1, 1, 2, 3),
              rnd(41, dt, -1, 1, 3)));
      c.add(
          graph(
              "sub broadcast" + s,
              v -> v[0].sub(v[1]).square().sum(),
              rnd(42, dt, -1, 1, 2, 1),
              rnd(43, dt, -1, 1, 1, 3)));
      c.add(
          graph(
              "mul" + s,
              v -> v[0].mul(v[1]).sum(),
              rnd(44, dt, -1, 1, 4, 3),
              rnd(45, dt, -1, 1, 4, 1)));
      c.add(
          graph(
              "div" + s,
              v -> v[0].div(v[1]).sum(),
              rnd(46, dt, -1, 1, 2, 3),
              rnd(47, dt, 0.5, 2, 3)));
      c.add(
          graph(
              "neg pow exp log" + s,
              v -> v[0].neg().exp().add(v[0].pow(3)).add(v[0].log()).sum(),
              rnd(48, dt, 0.5, 2, 5)));
      c.add(
          graph(
              "matmul" + s,
              v -> v[0].matmul(v[1]).sum(),
              rnd(49, dt, -1, 1, 7, 13),
              rnd(50, dt, -1, 1, 13, 5)));
      c.add(
          graph(
              "matmul batched" + s,
              v -> v[0].matmul(v[1]).square().sum(),
              rnd(51, dt, -1, 1, 3, 2, 4),
              rnd(52, dt, -1, 1, 4, 5)));
      c.add(
          graph(
              "matmul transposed" + s,
              v -> new MatMul(true, true).apply(v[0], v[1]).sum(),
              rnd(53, dt, -1, 1, 4, 2),
              rnd(54, dt, -1, 1, 3, 4)));
      c.add(
          graph(
              "sum axes" + s,
              v -> v[0].sum(true, 0, 2).square().sum(),
              rnd(55, dt, -1, 1, 2, 3, 4)));
      c.add(
          graph(
              "reshape transpose permute" + s,
              v -> v[0].reshape(3, -1).transpose().exp().sum(false, 0).permute(0).sum(),
              rnd(56, dt, -1, 1, 2, 6)));
      c.add(
          graph(
              "broadcastTo sumTo" + s,
              v -> v[0].broadcastTo(4, 3).mul(v[1]).sumTo(1, 3).sum(),
              rnd(57, dt, -1, 1, 1, 3),
              rnd(58, dt, -1, 1, 4, 3)));
      c.add(
          kernel(
              "sgd 10 steps" + s,
              x -> {
                Tensor w = x[1];
                for (int i = 0; i < 10; i++) {
                  Variable wv = new Variable(w);
                  Variable loss =
                      new Variable(x[0]).matmul(wv).sub(new Variable(x[2])).square().sum();
                  loss.backward();
                  w = w.sub(wv.grad().value().mul(0.01));
                }
                return one(w);
              },
              rnd(70, dt, -1, 1, 8, 3),
              rnd(71, dt, -1, 1, 3, 2),
              rnd(72, dt, -1, 1, 8, 2)));
      c.add(
          graph(
              "size-0" + s,
              v -> v[0].mul(v[1]).sum(),
              rnd(59, dt, -1, 1, 0, 3),
              rnd(60, dt, -1, 1, 3)));
    }
    return c;
  }

  private static void swapLast(int[] s) {
    int t = s[s.length - 1];
    s[s.length - 1] = s[s.length - 2];
    s[s.length - 2] = t;
  }

  private static double[] toDoubles(int[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
