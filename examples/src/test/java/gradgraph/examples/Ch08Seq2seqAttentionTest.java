package gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.examples.sequel.DateFormats;
import gradgraph.examples.sequel.Seq2seqAttention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequel's seq2seq with attention: the quick run (12 000 dates, 2 epochs) learns the date
 * format to at least 0.9 exact match (0.964 measured), and the year's output digits attend to the
 * input's year.
 */
class Ch08Seq2seqAttentionTest {
  @Test
  void learnsTheDateFormatAndAlignsTheYear(@TempDir Path dir) throws Exception {
    Run run = Run.quick(new Seq2seqAttention(), dir);
    ExampleResult r = run.result;
    assertTrue(r.get("exact match") >= 0.9, r.values().toString());
    // the two year digits every format writes: their output steps put most of their weight there
    assertTrue(r.get("year attention") >= 0.8, r.values().toString());
    assertTrue(run.output.contains("sample decodings (greedy):"), run.output);
    assertTrue(run.output.contains("-> 19"), run.output);
    assertTrue(Files.exists(dir.resolve("attention_map.png")));
  }

  @Test
  void everyFormatWritesTheSameDateAndMarksItsYear() {
    LocalDate d = LocalDate.of(1994, 9, 27);
    List<String> expected =
        List.of(
            "september 27, 1994",
            "September 27, 1994",
            "tuesday, september 27, 1994",
            "sep 27, 1994",
            "27 SEP 1994",
            "27 september 1994",
            "9/27/94",
            "09/27/1994",
            "27.09.1994",
            "27-sep-94",
            "1994-09-27",
            "1994 september 27",
            "19940927");
    assertEquals(DateFormats.FORMATS.size(), expected.size());
    for (int f = 0; f < expected.size(); f++) {
      DateFormats.Sample s = DateFormats.format(d, f);
      assertEquals(expected.get(f), s.input(), "format " + f);
      assertEquals("1994-09-27", s.target());
      String year = s.input().substring(s.yearBegin(), s.yearEnd());
      assertTrue(year.equals("1994") || year.equals("94"), f + ": " + year);
    }
    assertEquals("2007-01-05", DateFormats.format(LocalDate.of(2007, 1, 5), 6).target());
    assertEquals("1/5/07", DateFormats.format(LocalDate.of(2007, 1, 5), 6).input());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DateFormats.format(d, 13));
    assertEquals("DateFormats.format: format: must be in [0, 13), got 13", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> DateFormats.format(LocalDate.of(1949, 12, 31), 0));
  }

  @Test
  void generatedDatesAreSeededAndFitTheAlphabet() {
    List<DateFormats.Sample> a = DateFormats.generate(2000, new Well19937c(7));
    assertEquals(a, DateFormats.generate(2000, new Well19937c(7)));
    int[] perFormat = new int[DateFormats.FORMATS.size()];
    for (DateFormats.Sample s : a) {
      assertTrue(s.input().length() <= DateFormats.MAX_INPUT, s.input());
      for (char c : (s.input() + s.target()).toCharArray()) {
        assertTrue(DateFormats.ALPHABET.indexOf(c) >= 0, "'" + c + "' in " + s.input());
      }
      assertEquals(LocalDate.parse(s.target()).toString(), s.target());
      perFormat[s.format()]++;
    }
    for (int f = 0; f < perFormat.length; f++) {
      assertTrue(perFormat[f] > 100, "format " + f + " drawn " + perFormat[f] + " times of 2000");
    }
  }
}
