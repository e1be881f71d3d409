package gradgraph.examples.sequel;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.text.Corpus;
import gradgraph.models.nn.Mode;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.plot.Curves;
import gradgraph.models.zoo.LstmLanguageModel;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.math3.random.Well19937c;

/**
 * The sequel's chapter 6 ({@code train_better_rnnlm.py}): a 2-layer LSTM word language model
 * (embedding, stateful LSTM, dropout, affine over the vocabulary) trained on Jane Austen's
 * "Persuasion" (the shipped corpus, rare words replaced by {@code <unk>}, first 90% for training,
 * last 10% for validation) with truncated backpropagation through time: {@code N} parallel streams
 * through the text, {@code T} steps per chunk, the state carried (detached) from chunk to chunk.
 * Adam with gradient clipping; the perplexity {@code exp(mean cross-entropy)} of both splits per
 * epoch against the unigram model's (word frequencies of the training split, add-one smoothed), the
 * curves as a figure, and text sampled from the start word {@code anne} with temperature.
 */
public final class LstmLm implements Example {
  /** Creates the example. */
  public LstmLm() {}

  /** Sizes of one run: quick for tests, full for the docs. */
  record Settings(
      int minCount,
      int embed,
      int hidden,
      int batch,
      int time,
      int epochs,
      double dropout,
      double lr,
      double clip) {}

  static final Settings QUICK = new Settings(6, 64, 128, 20, 20, 1, 0.0, 0.005, 1.0);
  static final Settings FULL = new Settings(3, 128, 256, 20, 35, 4, 0.2, 0.003, 1.0);

  /** Iterations per printed training perplexity. */
  static final int LOG_EVERY = 20;

  @Override
  public String name() {
    return "ch06-lstm-lm";
  }

  @Override
  public String description() {
    return "2-layer LSTM language model on Persuasion: perplexity vs unigram, text generation";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    Settings s = ctx.quick() ? QUICK : FULL;
    Corpus corpus = Corpus.persuasion().replaceRare(s.minCount());
    int[] ids = corpus.ids();
    int cut = (int) (ids.length * 0.9);
    int[] train = Arrays.copyOfRange(ids, 0, cut);
    int[] valid = Arrays.copyOfRange(ids, cut, ids.length);
    int vocab = corpus.vocabSize();
    double unigram = unigramPerplexity(train, valid, vocab);
    ctx.println(
        "corpus: %d tokens, vocabulary %d (words seen fewer than %d times are %s); train %d,"
            + " validation %d",
        ids.length, vocab, s.minCount(), Corpus.UNK, train.length, valid.length);
    ctx.println("unigram perplexity (validation): %.1f", unigram);

    LstmLanguageModel model =
        new LstmLanguageModel(
            new LstmLanguageModel.Config(vocab, s.embed(), s.hidden(), 2, s.dropout(), 42));
    ctx.println(
        "%s, %d parameters",
        model.toString().lines().findFirst().orElse(""), model.parameterCount());
    Optimizer opt = Optimizer.create("adam", model, s.lr()).clipGradNorm(s.clip());

    Curves curves = new Curves("LSTM language model: perplexity", "epoch", "perplexity");
    double trainPpl = Double.NaN;
    double validPpl = Double.NaN;
    double seconds = 0;
    double firstLogged = Double.NaN;
    double lastLogged = Double.NaN;
    int n = s.batch();
    int t = s.time();
    int jump = (train.length - 1) / n;
    int iters = jump / t;
    for (int epoch = 1; epoch <= s.epochs(); epoch++) {
      long start = System.nanoTime();
      model.resetState();
      double sum = 0;
      double window = 0;
      int inWindow = 0;
      try (Scope train0 = Mode.train()) {
        for (int it = 0; it < iters; it++) {
          int[][] b = chunk(train, n, t, jump, it * t);
          opt.clearGrads();
          Variable loss = model.loss(b[0], b[1], n, t);
          loss.backward();
          opt.step();
          double l = loss.item();
          sum += l;
          window += l;
          inWindow++;
          if (inWindow == LOG_EVERY || it == iters - 1) {
            double ppl = Math.exp(window / inWindow);
            if (Double.isNaN(firstLogged)) {
              firstLogged = ppl;
            }
            lastLogged = ppl;
            curves.add(
                "train (mean of " + LOG_EVERY + " iterations)",
                epoch - 1 + (it + 1.0) / iters,
                ppl);
            ctx.println("| epoch %d | iter %d / %d | perplexity %.2f", epoch, it + 1, iters, ppl);
            window = 0;
            inWindow = 0;
          }
        }
      }
      seconds += (System.nanoTime() - start) / 1e9;
      trainPpl = Math.exp(sum / iters);
      validPpl = perplexity(model, valid, 10, t);
      curves.add("validation", epoch, validPpl);
      if (epoch == 1) {
        curves.add("unigram (validation)", 0, unigram);
      }
      curves.add("unigram (validation)", epoch, unigram);
      ctx.println(
          "| epoch %d | %d iters | train perplexity %.2f | validation perplexity %.2f | %.1f s",
          epoch, iters, trainPpl, validPpl, (System.nanoTime() - start) / 1e9);
    }
    ExampleResult result = new ExampleResult();
    curves.writePng(ctx.file("perplexity.png"));
    result.file(ctx.file("perplexity.png"));

    int[] skip = corpus.contains(Corpus.UNK) ? new int[] {corpus.id(Corpus.UNK)} : new int[0];
    String startWord = "anne";
    int[] sampled =
        model.generate(new int[] {corpus.id(startWord)}, 40, 0.8, skip, new Well19937c(7));
    ctx.println("generated (temperature 0.8, seed 7): %s %s", startWord, corpus.decode(sampled));

    result.put("vocab", vocab);
    result.put("unigram perplexity", unigram);
    result.put("train perplexity", trainPpl);
    result.put("first logged perplexity", firstLogged);
    result.put("last logged perplexity", lastLogged);
    result.put("validation perplexity", validPpl);
    result.put("seconds per epoch", seconds / s.epochs());
    result.put(
        "generated unk",
        Arrays.stream(sampled).filter(i -> skip.length > 0 && i == skip[0]).count());
    return result;
  }

  /**
   * The sequel's {@code get_batch}: stream {@code i} reads from {@code i·jump + offset}; targets
   * are the tokens one later.
   */
  static int[][] chunk(int[] data, int n, int t, int jump, int offset) {
    int[] xs = new int[n * t];
    int[] ts = new int[n * t];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < t; k++) {
        int at = i * jump + offset + k;
        xs[i * t + k] = data[at];
        ts[i * t + k] = data[at + 1];
      }
    }
    return new int[][] {xs, ts};
  }

  /**
   * Perplexity of the model on a text, read as {@code n} streams of chunks of {@code t} (the
   * sequel's {@code eval_perplexity}), in evaluation mode from a fresh state.
   */
  static double perplexity(LstmLanguageModel model, int[] data, int n, int t) {
    int jump = (data.length - 1) / n;
    int iters = jump / t;
    double sum = 0;
    model.resetState();
    try (Scope off = Grad.disabled();
        Scope eval = Mode.eval()) {
      for (int it = 0; it < iters; it++) {
        int[][] b = chunk(data, n, t, jump, it * t);
        sum += model.loss(b[0], b[1], n, t).item();
      }
    } finally {
      model.resetState();
    }
    return Math.exp(sum / iters);
  }

  /** Perplexity of the add-one-smoothed word frequencies of {@code train} on {@code test}. */
  static double unigramPerplexity(int[] train, int[] test, int vocab) {
    double[] count = new double[vocab];
    Arrays.fill(count, 1);
    for (int id : train) {
      count[id]++;
    }
    double total = train.length + vocab;
    double nll = 0;
    for (int id : test) {
      nll -= Math.log(count[id] / total);
    }
    return Math.exp(nll / test.length);
  }
}
