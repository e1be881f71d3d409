package gradgraph.examples.sequel;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.DataLoader;
import gradgraph.models.data.text.ContextTarget;
import gradgraph.models.data.text.Corpus;
import gradgraph.models.data.text.WordVectors;
import gradgraph.models.optim.Adam;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.plot.Curves;
import gradgraph.models.plot.WordMap;
import gradgraph.models.zoo.Cbow;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;

/**
 * The sequel's chapter 4: word2vec's CBOW with negative sampling ({@code ch04/train.py} and {@code
 * eval.py}), trained on Jane Austen's "Persuasion" (shipped with Gradgraph) instead of the Penn
 * Treebank. Each target word is predicted from the mean of its context words' vectors; the target
 * is scored against {@code k} words drawn from the unigram distribution to the power 0.75, with the
 * sigmoid cross-entropy. It prints the loss per epoch and the nearest words by cosine similarity
 * for a few query words, and draws the loss curve and a 2-D projection of frequent words.
 */
public final class Word2Vec implements Example {
  /**
   * The run's settings.
   *
   * @param dim the vector size (the sequel: 100)
   * @param window context words on each side (the sequel: 5)
   * @param negatives negatives per target (the sequel: 5)
   * @param batch pairs per step (the sequel: 100)
   * @param epochs passes over the text (the sequel: 10)
   * @param minCount words seen fewer times become {@code <unk>}
   * @param lr Adam's learning rate (the sequel: 0.001)
   * @param seed the seed of the vectors, the negatives and the shuffling
   */
  public record Settings(
      int dim,
      int window,
      int negatives,
      int batch,
      int epochs,
      int minCount,
      double lr,
      long seed) {
    void check() {
      Errors.check(
          dim >= 1 && window >= 1 && negatives >= 1 && batch >= 1 && epochs >= 1 && minCount >= 1,
          "ch04-word2vec",
          "settings",
          "must all be positive, got " + this);
    }
  }

  /**
   * The full run: the sequel's settings (vectors of 100, 5 words on each side, 5 negatives, batch
   * 100, 10 epochs, Adam 0.001) on the words seen at least 5 times (the rest {@code <unk>}: words
   * seen once or twice get vectors too noisy to query). Measured: loss 4.159 → 2.792 → 2.064,
   * he–she 0.832, could–would 0.838, 103 s on the shared 2 vCPUs.
   */
  public static final Settings FULL = new Settings(100, 5, 5, 100, 10, 5, 0.001, 42);

  /**
   * The quick run (tests): words seen at least 5 times (1 657 of them, the rest {@code <unk>}),
   * vectors of 50, 3 words on each side, batches of 500 with a larger learning rate, 3 epochs
   * (about 20 s).
   */
  public static final Settings QUICK = new Settings(50, 3, 5, 500, 3, 5, 0.01, 42);

  /** The query words whose nearest words are printed. */
  public static final List<String> QUERIES = List.of("he", "her", "could", "mr", "captain", "good");

  private final Settings full;
  private final Settings quick;

  /** Creates the example with the default settings. */
  public Word2Vec() {
    this(FULL, QUICK);
  }

  /**
   * Creates the example with other settings.
   *
   * @param full the settings of a full run
   * @param quick the settings of a quick run
   */
  public Word2Vec(Settings full, Settings quick) {
    full.check();
    quick.check();
    this.full = full;
    this.quick = quick;
  }

  @Override
  public String name() {
    return "ch04-word2vec";
  }

  @Override
  public String description() {
    return "word2vec CBOW with negative sampling on Austen's Persuasion; nearest words by cosine";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    Settings s = ctx.quick() ? quick : full;
    ExampleResult result = new ExampleResult();
    Corpus corpus = Corpus.persuasion().replaceRare(s.minCount());
    ContextTarget pairs = ContextTarget.of(corpus, s.window());
    ctx.println(
        "%s, %d pairs with %d context words each; %s", corpus, pairs.size(), 2 * s.window(), s);
    Cbow model =
        new Cbow(corpus.vocabSize(), s.dim(), s.window(), corpus.counts(), s.negatives(), s.seed());
    Optimizer opt = new Adam(model, s.lr());
    Well19937c rng = new Well19937c(s.seed() + 2);
    int iters = pairs.size() / s.batch();
    Curves curves = new Curves("CBOW + negative sampling, Persuasion", "iteration", "loss");
    double first = Double.NaN;
    double last = Double.NaN;
    long start = System.nanoTime();
    int interval = 20;
    double acc = 0;
    for (int epoch = 1; epoch <= s.epochs(); epoch++) {
      int[] perm = DataLoader.permutation(pairs.size(), rng);
      double epochLoss = 0;
      for (int it = 0; it < iters; it++) {
        int[] idx = Arrays.copyOfRange(perm, it * s.batch(), (it + 1) * s.batch());
        Variable loss = model.loss(pairs.contexts(idx), pairs.targets(idx));
        model.clearGrads();
        loss.backward();
        opt.step();
        model.clearGrads();
        double l = loss.item();
        epochLoss += l;
        acc += l;
        int global = (epoch - 1) * iters + it + 1;
        if (global % interval == 0) {
          curves.add("train", global, acc / interval);
          acc = 0;
        }
      }
      epochLoss /= iters;
      if (epoch == 1) {
        first = epochLoss;
      }
      last = epochLoss;
      ctx.println(
          "| epoch %d | iter %d / %d | time %.0f[s] | loss %.4f",
          epoch, iters, iters, (System.nanoTime() - start) / 1e9, epochLoss);
    }
    result.put("initial loss", initialLoss(s));
    result.put("first epoch loss", first);
    result.put("last epoch loss", last);
    WordVectors vectors = new WordVectors(corpus.vocabulary(), model.wordVectors());
    for (String q : QUERIES) {
      ctx.println("[query] %s", q);
      for (WordVectors.Neighbour n : vectors.mostSimilar(q, 5)) {
        ctx.println(" %s: %.3f", n.word(), n.similarity());
      }
    }
    for (String[] p : PAIRS) {
      double sim = vectors.similarity(p[0], p[1]);
      ctx.println("similarity(%s, %s) = %.3f", p[0], p[1], sim);
      result.put("similarity " + p[0] + " " + p[1], sim);
    }
    curves.writePng(ctx.file("loss.png"));
    result.file(ctx.file("loss.png"));
    result.file(
        WordMap.write(vectors, WordMap.frequentWords(corpus, 60), ctx.file("words-pca.png")));
    lastVectors = vectors;
    return result;
  }

  /** Pairs whose similarity is printed and recorded. */
  static final String[][] PAIRS = {
    {"he", "she"},
    {"his", "her"},
    {"could", "would"},
    {"mr", "mrs"},
    {"was", "had"},
    {"he", "could"}
  };

  private WordVectors lastVectors;

  /**
   * Returns the vectors of the last run, for tests.
   *
   * @return the vectors, or null before a run
   */
  public WordVectors lastVectors() {
    return lastVectors;
  }

  /** The loss of untrained (near-zero) vectors: every score 0, so (1 + k)·ln 2. */
  private static double initialLoss(Settings s) {
    return (1 + s.negatives()) * Math.log(2);
  }
}
