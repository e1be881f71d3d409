package gradgraph.models.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokenizing, the vocabulary, the shipped novel and the character mode. */
class CorpusTest {
  @Test
  void tokenizesLowerCaseWordsAndPunctuationAsTheSequelsPreprocess() {
    assertEquals(
        List.of("sir", "walter", "--", "vain", ",", "he", "said", "."),
        Corpus.tokenize("Sir Walter--vain, he said."));
    assertEquals(
        List.of("\"", "mary's", "child", "was", "born", "1791", "!", "\""),
        Corpus.tokenize("\"Mary's child was born 1791!\""));
  }

  @Test
  void idsFollowFirstAppearanceAndDecodeBack() {
    Corpus c = Corpus.words("You say goodbye and I say hello.");
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 1, 5, 6}, c.ids());
    assertEquals(7, c.vocabSize());
    assertEquals("say", c.word(1));
    assertEquals(5, c.id("hello"));
    assertEquals("you say goodbye and i say hello .", c.decode(c.ids()));
    assertArrayEquals(new int[] {1, 2, 1, 1, 1, 1, 1}, c.counts());
    assertArrayEquals(new int[] {4, 1}, c.encode(List.of("i", "say")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.id("Hello"));
    assertEquals("Corpus: word: 'Hello' is not in the vocabulary of 7 tokens", e.getMessage());
    IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> c.word(7));
    assertEquals("Corpus: id: 7 is out of range for a vocabulary of 7", r.getMessage());
  }

  @Test
  void slicesShareTheVocabularyAndRareWordsBecomeUnk() {
    Corpus c = Corpus.words("a b a c a b d");
    Corpus tail = c.slice(4, 7);
    assertArrayEquals(new int[] {0, 1, 3}, tail.ids());
    assertEquals(4, tail.vocabSize());
    Corpus r = c.replaceRare(2);
    assertEquals("a b a <unk> a b <unk>", r.decode(r.ids()));
    assertEquals(3, r.vocabSize());
    assertSame(c, c.replaceRare(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.slice(3, 8));
    assertEquals("Corpus.slice: from/to: range 3:8 is out of bounds for 7 tokens", e.getMessage());
  }

  @Test
  void characterModeKeepsParagraphsAsNewlines() {
    Corpus c = Corpus.characters("  Ab,\n  b a\n\n\nC ", true);
    assertEquals("ab, b a\nc", c.decode(c.ids()));
    assertEquals(Corpus.Mode.CHARACTERS, c.mode());
    assertEquals(List.of("a", "b", ",", " ", "\n", "c"), c.vocabulary());
    Corpus cased = Corpus.characters("Ab", false);
    assertEquals(List.of("A", "b"), cased.vocabulary());
  }

  @Test
  void theShippedNovelIsPersuasion() {
    String text = Corpus.persuasionText();
    assertTrue(text.startsWith("Persuasion"), "starts with the title");
    assertTrue(text.contains("Sir Walter Elliot, of Kellynch Hall"), "the first sentence");
    assertEquals(466_854, text.length());
    Corpus c = Corpus.persuasion();
    assertEquals(98_039, c.size());
    assertEquals(5_872, c.vocabSize());
    int[] counts = c.counts();
    assertEquals(3_329, counts[c.id("the")]);
    assertEquals(447, counts[c.id("anne")]);
    assertEquals(303, counts[c.id("captain")]);
    assertFalse(c.contains("The"), "lower case");
    Corpus chars = Corpus.characters(text, true);
    assertTrue(chars.vocabSize() < 60, "a small character vocabulary: " + chars.vocabSize());
  }
}
