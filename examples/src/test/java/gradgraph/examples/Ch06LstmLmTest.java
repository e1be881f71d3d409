package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.sequel.LstmLm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick run (one epoch, 128 units, vocabulary 1 429) of the sequel's chapter-6 language model.
 * Measured: unigram perplexity 210.2 on the validation split, the LSTM's 137.6 after the epoch
 * (0.65 of it), the training perplexity of 20-iteration windows falling from 384 to 150; the bounds
 * leave room for other seeds and machines but fail a model that learns only word frequencies.
 */
class Ch06LstmLmTest {
  @Test
  void beatsTheUnigramModelAndGenerates(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new LstmLm(), dir);
    var r = run.result;
    String all = r.values() + "\n" + run.output;
    double unigram = r.get("unigram perplexity");
    // the baseline itself is sane: far below the vocabulary size, far above 1
    assertTrue(unigram > 100 && unigram < 0.5 * r.get("vocab"), all);
    // the LSTM uses context: well below the unigram model on text it never saw
    assertTrue(r.get("validation perplexity") < 0.8 * unigram, all);
    assertTrue(r.get("validation perplexity") > 20, all);
    // and it learned during the epoch
    assertTrue(r.get("last logged perplexity") < 0.5 * r.get("first logged perplexity"), all);
    assertTrue(run.output.contains("| epoch 1 | iter 220 / 220 | perplexity"), all);
    assertTrue(run.output.contains("generated (temperature 0.8, seed 7): anne "), all);
    String generated =
        run.output.lines().filter(l -> l.startsWith("generated")).findFirst().orElseThrow();
    assertEquals(41, generated.substring(generated.indexOf("): ") + 3).split(" ").length, all);
    assertEquals(0, r.get("generated unk"), all);
    assertTrue(Files.exists(dir.resolve("perplexity.png")));
    assertEquals(1, r.files().size());
  }
}
