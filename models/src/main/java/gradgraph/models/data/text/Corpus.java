package gradgraph.models.data.text;

import gradgraph.core.tensor.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text as a sequence of token ids with its vocabulary, the sequel's {@code preprocess} ({@code
 * corpus, word_to_id, id_to_word}).
 *
 * <ul>
 *   <li>{@link #words(String)}: lower-case words and punctuation, each a token ({@code "Anne's
 *       house."} is {@code anne's house .}); digits runs are tokens, {@code --} is one token
 *   <li>{@link #characters(String, boolean)}: one token per character, for a character-level
 *       language model; a blank line becomes {@code \n}, other whitespace one space
 * </ul>
 *
 * <p>Ids are given in order of first appearance, as the sequel's {@code preprocess} gives them, so
 * the first token of the text has id 0. {@link #persuasion()} is the novel shipped with Gradgraph
 * (public domain; see {@code gradgraph/datasets/text/README.txt}). A corpus is immutable; {@link
 * #slice} cuts train/validation/test parts that share one vocabulary.
 */
public final class Corpus {
  /** The resource holding Jane Austen's "Persuasion" (1818), about 467 KB. */
  public static final String PERSUASION_RESOURCE = "gradgraph/datasets/text/persuasion.txt";

  /** The token that {@link #replaceRare} puts in place of rare words. */
  public static final String UNK = "<unk>";

  private static final Pattern WORD_TOKEN =
      Pattern.compile("[a-z]+(?:'[a-z]+)*|[0-9]+|--+|[^\\sa-z0-9]");

  /** How a text is cut into tokens. */
  public enum Mode {
    /** Lower-case words and punctuation marks. */
    WORDS,
    /** Single characters. */
    CHARACTERS
  }

  private final Mode mode;
  private final int[] ids;
  private final List<String> idToWord;
  private final Map<String, Integer> wordToId;

  private Corpus(Mode mode, int[] ids, List<String> idToWord) {
    this.mode = mode;
    this.ids = ids;
    this.idToWord = Collections.unmodifiableList(idToWord);
    this.wordToId = new HashMap<>();
    for (int i = 0; i < idToWord.size(); i++) {
      wordToId.put(idToWord.get(i), i);
    }
  }

  /**
   * Builds a word-level corpus.
   *
   * @param text the text
   * @return the corpus of its {@link #tokenize tokens}
   */
  public static Corpus words(String text) {
    return fromTokens(Mode.WORDS, tokenize(text));
  }

  /**
   * Builds a character-level corpus.
   *
   * @param text the text
   * @param lowerCase whether to lower-case it first (a smaller vocabulary)
   * @return one token per character; whitespace runs with a blank line in them become {@code "\n"},
   *     other whitespace runs one space, and leading and trailing whitespace is dropped
   */
  public static Corpus characters(String text, boolean lowerCase) {
    String t = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
    t = t.strip().replaceAll("\\s*\\n\\s*\\n\\s*", "\u0000").replaceAll("\\s+", " ");
    t = t.replace('\u0000', '\n');
    List<String> tokens = new ArrayList<>(t.length());
    t.codePoints().forEach(c -> tokens.add(new String(Character.toChars(c))));
    return fromTokens(Mode.CHARACTERS, tokens);
  }

  /**
   * Builds a corpus from tokens already cut.
   *
   * @param mode how the tokens were cut (decides how {@link #decode} joins them)
   * @param tokens the tokens, in order
   * @return the corpus, ids in order of first appearance
   */
  public static Corpus fromTokens(Mode mode, List<String> tokens) {
    Map<String, Integer> w2i = new HashMap<>();
    List<String> i2w = new ArrayList<>();
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      String w = tokens.get(i);
      Integer id = w2i.get(w);
      if (id == null) {
        id = i2w.size();
        w2i.put(w, id);
        i2w.add(w);
      }
      ids[i] = id;
    }
    return new Corpus(mode, ids, i2w);
  }

  /**
   * Cuts a text into lower-case word and punctuation tokens, the sequel's {@code preprocess}
   * extended to every punctuation mark: {@code "Sir Walter--vain, he said."} gives {@code sir
   * walter -- vain , he said .}; a word keeps its inner apostrophes ({@code mary's}, {@code
   * don't}).
   *
   * @param text the text
   * @return the tokens, in order
   */
  public static List<String> tokenize(String text) {
    Matcher m = WORD_TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * Reads the shipped text of Jane Austen's "Persuasion" (1818, public domain).
   *
   * @return the text, about 467 000 characters
   */
  public static String persuasionText() {
    try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(PERSUASION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Corpus: the resource "
                + PERSUASION_RESOURCE
                + " is missing from the class path (is the models jar complete?)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Corpus: cannot read " + PERSUASION_RESOURCE, e);
    }
  }

  /**
   * The shipped novel as a word-level corpus: about 98 000 tokens (words and punctuation), a
   * vocabulary of about 5 800.
   *
   * @return the corpus
   */
  public static Corpus persuasion() {
    return words(persuasionText());
  }

  /**
   * Returns how the tokens were cut.
   *
   * @return the mode
   */
  public Mode mode() {
    return mode;
  }

  /**
   * Returns the token ids, in text order.
   *
   * @return a copy
   */
  public int[] ids() {
    return ids.clone();
  }

  /**
   * Returns one token's id.
   *
   * @param position the position in the text, in {@code [0, size())}
   * @return its id
   */
  public int idAt(int position) {
    Errors.check(
        position >= 0 && position < ids.length,
        "Corpus",
        "position",
        position + " is out of range [0, " + ids.length + ")");
    return ids[position];
  }

  /**
   * Returns the number of tokens.
   *
   * @return the length of the text in tokens
   */
  public int size() {
    return ids.length;
  }

  /**
   * Returns the vocabulary size.
   *
   * @return the number of distinct tokens
   */
  public int vocabSize() {
    return idToWord.size();
  }

  /**
   * Returns the vocabulary, by id ({@code id_to_word}).
   *
   * @return an unmodifiable list
   */
  public List<String> vocabulary() {
    return idToWord;
  }

  /**
   * Tells whether a token is in the vocabulary.
   *
   * @param word the token
   * @return true when it has an id
   */
  public boolean contains(String word) {
    return wordToId.containsKey(word);
  }

  /**
   * Returns a token's id ({@code word_to_id}).
   *
   * @param word the token, lower-case in word mode
   * @return its id
   * @throws IllegalArgumentException naming the word when it is not in the vocabulary
   */
  public int id(String word) {
    Integer id = wordToId.get(word);
    if (id == null) {
      throw Errors.illegalArgument(
          "Corpus",
          "word",
          "'" + word + "' is not in the vocabulary of " + idToWord.size() + " tokens");
    }
    return id;
  }

  /**
   * Returns the token of an id ({@code id_to_word}).
   *
   * @param id the id, in {@code [0, vocabSize())}
   * @return the token
   */
  public String word(int id) {
    Errors.check(
        id >= 0 && id < idToWord.size(),
        "Corpus",
        "id",
        id + " is out of range for a vocabulary of " + idToWord.size());
    return idToWord.get(id);
  }

  /**
   * Counts each token's occurrences.
   *
   * @return {@code counts[id]}, one per vocabulary entry
   */
  public int[] counts() {
    int[] c = new int[idToWord.size()];
    for (int id : ids) {
      c[id]++;
    }
    return c;
  }

  /**
   * Maps tokens to ids.
   *
   * @param tokens the tokens
   * @return their ids
   * @throws IllegalArgumentException naming the first unknown token
   */
  public int[] encode(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(tokens.get(i));
    }
    return out;
  }

  /**
   * Joins the tokens of ids: with spaces in word mode, directly in character mode.
   *
   * @param ids the ids
   * @return the text
   */
  public String decode(int... ids) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < ids.length; i++) {
      if (i > 0 && mode == Mode.WORDS) {
        sb.append(' ');
      }
      sb.append(word(ids[i]));
    }
    return sb.toString();
  }

  /**
   * Cuts a part of the text that keeps this corpus's whole vocabulary (so ids mean the same in
   * train, validation and test parts).
   *
   * @param from the first position, inclusive
   * @param to the last position, exclusive
   * @return the part
   */
  public Corpus slice(int from, int to) {
    Errors.check(
        0 <= from && from <= to && to <= ids.length,
        "Corpus.slice",
        "from/to",
        "range " + from + ":" + to + " is out of bounds for " + ids.length + " tokens");
    return new Corpus(mode, Arrays.copyOfRange(ids, from, to), new ArrayList<>(idToWord));
  }

  /**
   * Replaces tokens seen fewer than {@code minCount} times by {@link #UNK} (as the Penn Treebank
   * text the sequel uses has), and renumbers the vocabulary in order of first appearance.
   *
   * @param minCount the least count a token needs to keep its own id, at least 1
   * @return the new corpus (this one when nothing is rare)
   */
  public Corpus replaceRare(int minCount) {
    Errors.check(minCount >= 1, "Corpus.replaceRare", "minCount", "must be >= 1, got " + minCount);
    int[] c = counts();
    List<String> tokens = new ArrayList<>(ids.length);
    boolean changed = false;
    for (int id : ids) {
      if (c[id] < minCount) {
        tokens.add(UNK);
        changed = true;
      } else {
        tokens.add(idToWord.get(id));
      }
    }
    return changed ? fromTokens(mode, tokens) : this;
  }

  @Override
  public String toString() {
    return "Corpus("
        + mode.name().toLowerCase(Locale.ROOT)
        + ", "
        + ids.length
        + " tokens, vocabulary "
        + idToWord.size()
        + ")";
  }
}
