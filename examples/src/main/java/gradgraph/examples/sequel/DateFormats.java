package gradgraph.examples.sequel;

import gradgraph.core.tensor.Errors;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The sequel's date-format data set, generated: a date between 1950-01-01 and 2049-12-31 written in
 * one of {@link #FORMATS} human formats, and its ISO form {@code yyyy-mm-dd}. Two-digit years pivot
 * at 50 ({@code 94} is 1994, {@code 07} is 2007), so every input has one answer.
 */
public final class DateFormats {
  /** The formats, as patterns for {@link #format}: one per kind of input. */
  public static final List<String> FORMATS =
      List.of(
          "MMMM d, yyyy", // september 27, 1994
          "MMMM d, yyyy (capitalized)", // September 27, 1994
          "EEEE, MMMM d, yyyy", // tuesday, september 27, 1994
          "MMM d, yyyy", // sep 27, 1994
          "d MMM yyyy (upper)", // 27 SEP 1994
          "d MMMM yyyy", // 27 september 1994
          "M/d/yy", // 9/27/94
          "MM/dd/yyyy", // 09/27/1994
          "dd.MM.yyyy", // 27.09.1994
          "d-MMM-yy", // 27-sep-94
          "yyyy-MM-dd", // 1994-09-27
          "yyyy MMMM d", // 1994 september 27
          "yyyymmdd"); // 19940927

  private static final LocalDate FIRST = LocalDate.of(1950, 1, 1);
  private static final int DAYS =
      (int) (LocalDate.of(2049, 12, 31).toEpochDay() - FIRST.toEpochDay() + 1);

  /** The longest input, {@code "wednesday, september 27, 1994"}. */
  public static final int MAX_INPUT = 29;

  /** Every character an input or output can hold; the space first (it pads), then {@code _}. */
  public static final String ALPHABET =
      " _0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,./-";

  private DateFormats() {}

  /**
   * One example.
   *
   * @param input the human-written date, at most {@link #MAX_INPUT} characters
   * @param target the ISO date, 10 characters
   * @param format the index into {@link #FORMATS}
   * @param yearBegin where the year's digits start in {@code input}
   * @param yearEnd where they end (exclusive)
   */
  public record Sample(String input, String target, int format, int yearBegin, int yearEnd) {}

  /**
   * Draws examples: a uniform day and a uniform format each.
   *
   * @param count how many, {@code >= 0}
   * @param rng the seeded generator (advanced)
   * @return the examples
   */
  public static List<Sample> generate(int count, RandomGenerator rng) {
    Errors.check(count >= 0, "DateFormats.generate", "count", "must be >= 0, got " + count);
    List<Sample> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      LocalDate d = FIRST.plusDays(rng.nextInt(DAYS));
      out.add(format(d, rng.nextInt(FORMATS.size())));
    }
    return out;
  }

  /**
   * Writes a date in one format.
   *
   * @param d the date, 1950 to 2049
   * @param format the index into {@link #FORMATS}
   * @return the example
   */
  public static Sample format(LocalDate d, int format) {
    Errors.check(
        d.getYear() >= 1950 && d.getYear() <= 2049,
        "DateFormats.format",
        "d",
        "must be in 1950..2049 (two-digit years pivot at 50), got " + d);
    Errors.check(
        format >= 0 && format < FORMATS.size(),
        "DateFormats.format",
        "format",
        "must be in [0, " + FORMATS.size() + "), got " + format);
    String month =
        d.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    String mon = month.substring(0, 3);
    String weekday =
        d.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    int day = d.getDayOfMonth();
    int m = d.getMonthValue();
    String yyyy = Integer.toString(d.getYear());
    String yy = yyyy.substring(2);
    String dd = two(day);
    String mm = two(m);
    String s;
    String year = yyyy;
    switch (format) {
      case 0 -> s = month + " " + day + ", " + yyyy;
      case 1 -> s = capitalize(month) + " " + day + ", " + yyyy;
      case 2 -> s = weekday + ", " + month + " " + day + ", " + yyyy;
      case 3 -> s = mon + " " + day + ", " + yyyy;
      case 4 -> s = day + " " + mon.toUpperCase(Locale.ROOT) + " " + yyyy;
      case 5 -> s = day + " " + month + " " + yyyy;
      case 6 -> {
        s = m + "/" + day + "/" + yy;
        year = yy;
      }
      case 7 -> s = mm + "/" + dd + "/" + yyyy;
      case 8 -> s = dd + "." + mm + "." + yyyy;
      case 9 -> {
        s = day + "-" + mon + "-" + yy;
        year = yy;
      }
      case 10 -> s = yyyy + "-" + mm + "-" + dd;
      case 11 -> s = yyyy + " " + month + " " + day;
      default -> s = yyyy + mm + dd;
    }
    // formats 10 to 12 start with the year, the others end with it
    int at = format >= 10 ? 0 : s.length() - year.length();
    return new Sample(s, yyyy + "-" + mm + "-" + dd, format, at, at + year.length());
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  private static String capitalize(String w) {
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }
}
