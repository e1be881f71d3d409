package gradgraph.examples.sequel;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.text.Corpus;
import gradgraph.models.optim.Adam;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.plot.AttentionMapChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The sequel's chapter 8: a seq2seq with attention learns the date format task. Dates written in 13
 * human formats ({@code "september 27, 1994"}, {@code "27 SEP 1994"}, {@code "9/27/94"}, ...; see
 * {@link DateFormats}) become ISO dates ({@code "1994-09-27"}). Training uses teacher forcing (the
 * decoder reads the true previous character), evaluation greedy decoding (it reads its own), scored
 * by exact match on held-out dates. The attention map of one test date is drawn: the rows are the
 * output characters, the columns the input characters, and the year's output digits look at the
 * input's year.
 */
public final class Seq2seqAttention implements Example {
  static final int FORMAT_COUNT = 13;
  private static final long SEED = 1994;
  private static final int OUT_LEN = 10;

  /** The sizes of a run. */
  record Settings(int train, int test, int embed, int hidden, int batch, int epochs, double lr) {}

  /**
   * The full run: the sequel's 45 000 / 5 000 split and character vectors of 16, a hidden state of
   * 128 (the sequel uses 256, which costs about twice the time per step), Adam 0.01, batch 64, 2
   * epochs (1 406 steps).
   */
  static final Settings FULL = new Settings(45_000, 5_000, 16, 128, 64, 2, 0.01);

  /** The quick run (tests): the same model on 12 000 dates, 374 steps. */
  static final Settings QUICK = new Settings(12_000, 500, 16, 128, 64, 2, 0.01);

  /** Creates the example. */
  public Seq2seqAttention() {}

  @Override
  public String name() {
    return "ch08-seq2seq-attention";
  }

  @Override
  public String description() {
    return "sequel ch08: seq2seq with attention on date formats (exact match, attention map)";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    Settings s = ctx.quick() ? QUICK : FULL;
    RandomGenerator rng = new Well19937c(SEED);
    List<DateFormats.Sample> train = DateFormats.generate(s.train(), rng);
    List<DateFormats.Sample> test = DateFormats.generate(s.test(), rng);
    List<String> chars = new ArrayList<>();
    for (char ch : DateFormats.ALPHABET.toCharArray()) {
      chars.add(String.valueOf(ch));
    }
    Corpus vocab = Corpus.fromTokens(Corpus.Mode.CHARACTERS, chars);
    AttentionSeq2seq model =
        new AttentionSeq2seq(vocab.vocabSize(), s.embed(), s.hidden(), new Well19937c(SEED + 1));
    Optimizer opt = new Adam(model, s.lr()).clipGradNorm(5.0);
    ctx.println(
        "date format: %d training and %d test dates in %d formats, %d characters; %s, %d"
            + " parameters; Adam %.3g, batch %d, %d epochs",
        train.size(),
        test.size(),
        FORMAT_COUNT,
        vocab.vocabSize(),
        model.describe(),
        model.parameterCount(),
        s.lr(),
        s.batch(),
        s.epochs());
    for (int i = 0; i < 3; i++) {
      ctx.println("  e.g. %-30s -> %s", "'" + train.get(i).input() + "'", train.get(i).target());
    }
    ExampleResult result = new ExampleResult();
    long start = System.nanoTime();
    Evaluation eval = null;
    for (int epoch = 1; epoch <= s.epochs(); epoch++) {
      List<List<DateFormats.Sample>> batches = batches(train, s.batch(), rng);
      double lossSum = 0;
      for (List<DateFormats.Sample> batch : batches) {
        Batch bt = Batch.of(batch, vocab);
        model.sourceLengths(bt.lengths(), bt.t());
        opt.clearGrads();
        Variable loss = model.loss(bt.src(), bt.decIn(), bt.target());
        loss.backward();
        opt.step();
        lossSum += loss.value().item();
      }
      eval = evaluate(model, test, vocab);
      ctx.println(
          "| epoch %d | loss %.4f | test exact match %.4f | %.0f s",
          epoch, lossSum / batches.size(), eval.exactMatch(), (System.nanoTime() - start) / 1e9);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // sample decodings and the alignment of the year, from the last epoch's evaluation
    if (eval == null) {
      eval = evaluate(model, test, vocab);
    }
    double acc = eval.exactMatch();
    List<String> decoded = eval.decoded();
    ctx.println("sample decodings (greedy):");
    for (int i = 0; i < 8; i++) {
      DateFormats.Sample t = test.get(i);
      ctx.println(
          "  %-31s -> %s %s",
          "'" + t.input() + "'",
          decoded.get(i),
          decoded.get(i).equals(t.target()) ? "ok" : "WRONG (" + t.target() + ")");
    }
    double year = eval.yearAttention();
    ctx.println(
        "attention of the output year digits on the input year digits: %.3f of the weight", year);
    DateFormats.Sample shown = DateFormats.format(java.time.LocalDate.of(1994, 9, 27), 0);
    Batch one = Batch.of(List.of(shown), vocab);
    model.sourceLengths(one.lengths(), one.t());
    AttentionSeq2seq.Decoded d = model.generate(one.src(), vocab.id("_"), OUT_LEN);
    List<String> cols = new ArrayList<>();
    for (char ch : shown.input().toCharArray()) {
      cols.add(String.valueOf(ch));
    }
    List<String> rows = new ArrayList<>();
    for (int id : d.ids()[0]) {
      rows.add(vocab.word(id));
    }
    double[][] map = d.weights()[0];
    Path png = ctx.file("attention_map.png");
    AttentionMapChart.writePng(
        map, rows, cols, "attention: '" + shown.input() + "' -> " + String.join("", rows), png);
    ctx.println("attention map of '%s' written to %s", shown.input(), png);
    ctx.println("test exact match %.4f (%.0f s)", acc, seconds);
    result.put("exact match", acc);
    result.put("year attention", year);
    result.put("training seconds", seconds);
    result.put("epochs", s.epochs());
    result.file(png);
    return result;
  }

  /** A padded batch: source ids, decoder input ids, target ids, source lengths. */
  record Batch(Tensor src, Tensor decIn, int[] target, int[] lengths, int t) {
    static Batch of(List<DateFormats.Sample> samples, Corpus vocab) {
      int n = samples.size();
      int t = 1;
      for (DateFormats.Sample s : samples) {
        t = Math.max(t, s.input().length());
      }
      double[] src = new double[n * t];
      double[] in = new double[n * OUT_LEN];
      int[] target = new int[n * OUT_LEN];
      int[] lengths = new int[n];
      int space = vocab.id(" ");
      int startId = vocab.id("_");
      for (int i = 0; i < n; i++) {
        DateFormats.Sample s = samples.get(i);
        lengths[i] = s.input().length();
        for (int j = 0; j < t; j++) {
          src[i * t + j] = j < lengths[i] ? vocab.id(s.input().substring(j, j + 1)) : space;
        }
        for (int j = 0; j < OUT_LEN; j++) {
          target[i * OUT_LEN + j] = vocab.id(s.target().substring(j, j + 1));
          in[i * OUT_LEN + j] = j == 0 ? startId : target[i * OUT_LEN + j - 1];
        }
      }
      return new Batch(Tensor.of(src, n, t), Tensor.of(in, n, OUT_LEN), target, lengths, t);
    }
  }

  /**
   * One greedy decoding of the test dates and what is read from it.
   *
   * @param exactMatch the fraction decoded exactly
   * @param yearAttention the mean attention weight that the output's last two year digits (the ones
   *     every format writes) put on the input's year digits
   * @param decoded every test date's decoding, in order
   */
  record Evaluation(double exactMatch, double yearAttention, List<String> decoded) {}

  /** Greedy decoding of every test date, in batches of 250. */
  static Evaluation evaluate(AttentionSeq2seq model, List<DateFormats.Sample> test, Corpus vocab) {
    int right = 0;
    double sum = 0;
    int count = 0;
    List<String> out = new ArrayList<>(test.size());
    for (int b = 0; b < test.size(); b += 250) {
      List<DateFormats.Sample> part = test.subList(b, Math.min(test.size(), b + 250));
      Batch bt = Batch.of(part, vocab);
      model.sourceLengths(bt.lengths(), bt.t());
      AttentionSeq2seq.Decoded d = model.generate(bt.src(), vocab.id("_"), OUT_LEN);
      for (int i = 0; i < part.size(); i++) {
        DateFormats.Sample sample = part.get(i);
        String s = vocab.decode(d.ids()[i]);
        right += s.equals(sample.target()) ? 1 : 0;
        out.add(s);
        for (int step = 2; step < 4; step++) {
          for (int j = sample.yearBegin(); j < sample.yearEnd(); j++) {
            sum += d.weights()[i][step][j];
          }
          count++;
        }
      }
    }
    return new Evaluation((double) right / test.size(), sum / count, out);
  }

  /**
   * Shuffled batches of dates of similar lengths (less padding, so a shorter encoder): the shuffled
   * dates are cut into groups of 16 batches, each group sorted by input length and cut into
   * batches, and the batches shuffled. Leftover dates that do not fill a batch wait for the next
   * epoch.
   */
  static List<List<DateFormats.Sample>> batches(
      List<DateFormats.Sample> train, int size, RandomGenerator rng) {
    int[] order = permutation(train.size(), rng);
    List<List<DateFormats.Sample>> out = new ArrayList<>();
    int group = 16 * size;
    for (int g = 0; g + size <= order.length; g += group) {
      List<DateFormats.Sample> part = new ArrayList<>();
      for (int i = g; i < Math.min(order.length, g + group); i++) {
        part.add(train.get(order[i]));
      }
      part.sort(java.util.Comparator.comparingInt(d -> d.input().length()));
      for (int b = 0; b + size <= part.size(); b += size) {
        out.add(part.subList(b, b + size));
      }
    }
    int[] p = permutation(out.size(), rng);
    List<List<DateFormats.Sample>> shuffled = new ArrayList<>(out.size());
    for (int i : p) {
      shuffled.add(out.get(i));
    }
    return shuffled;
  }

  private static int[] permutation(int n, RandomGenerator rng) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }
}
