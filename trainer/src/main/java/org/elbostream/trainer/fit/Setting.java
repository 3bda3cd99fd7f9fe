package org.elbostream.trainer.fit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One setting of training or of a baseline detector, declared once with its name, default, doc and
 * the values it accepts. The command line's option ({@code --name}), its help text and default, and
 * the bundle's provenance key all come from here.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final String doc;
  private final Function<String, T> parser;
  private final Function<T, String> printer;
  private final Predicate<T> accepted;
  private final String acceptedText;
  private final String defaultText;
  /** How the provenance spells the setting left unset. */
  private final String unsetText;

  private Setting(String name, Class<T> type, T defaultValue, String doc, Function<String, T> parser,
      Function<T, String> printer, Predicate<T> accepted, String acceptedText, String defaultText) {
    this(name, type, defaultValue, doc, parser, printer, accepted, acceptedText, defaultText, "none");
  }

  private Setting(String name, Class<T> type, T defaultValue, String doc, Function<String, T> parser,
      Function<T, String> printer, Predicate<T> accepted, String acceptedText, String defaultText, String unsetText) {
    this.unsetText = unsetText;
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.parser = parser;
    this.printer = printer;
    this.accepted = accepted;
    this.acceptedText = acceptedText;
    this.defaultText = defaultText;
    if (defaultValue != null) {
      check(defaultValue);
    }
  }

  /** A whole number of at least {@code min}. */
  public static Setting<Integer> count(String name, int defaultValue, int min, String doc) {
    return new Setting<>(name, Integer.class, defaultValue, doc, text -> Integer.valueOf(text.trim()),
        String::valueOf, v -> v >= min, "a whole number of at least " + min, null);
  }

  /** A whole number of at least {@code min}, or none by default, shown as {@code defaultText}. */
  public static Setting<Integer> optionalCount(String name, int min, String defaultText, String doc) {
    return new Setting<>(name, Integer.class, null, doc, text -> Integer.valueOf(text.trim()), String::valueOf,
        v -> v >= min, "a whole number of at least " + min, defaultText);
  }

  /**
   * A length of time: a number with a unit (500ms, 90s, 10m, 2h, 1d) or ISO-8601 (PT10M); none
   * by default, shown as {@code defaultText}.
   */
  public static Setting<Duration> duration(String name, String defaultText, String doc) {
    return new Setting<>(name, Duration.class, null, doc, Setting::parseDuration, Duration::toString,
        v -> !v.isNegative(), "a duration such as 90s, 10m or 2h, at least 0", defaultText, "auto");
  }

  private static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      return Duration.parse(t.toUpperCase(Locale.ROOT));
    }
    Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?").matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** A 64-bit seed. */
  public static Setting<Long> seed(String name, long defaultValue, String doc) {
    return new Setting<>(name, Long.class, defaultValue, doc, text -> Long.valueOf(text.trim()), String::valueOf,
        v -> true, "a whole number", null);
  }

  /** A real number that {@code accepted} allows, described as {@code acceptedText}. */
  public static Setting<Double> real(String name, double defaultValue, Predicate<Double> accepted, String acceptedText,
      String doc) {
    return real(name, defaultValue, null, accepted, acceptedText, doc);
  }

  /** The same, its default shown as {@code defaultText}. */
  public static Setting<Double> real(String name, double defaultValue, String defaultText, Predicate<Double> accepted,
      String acceptedText, String doc) {
    return new Setting<>(name, Double.class, defaultValue, doc, text -> Double.valueOf(text.trim()), String::valueOf,
        v -> Double.isFinite(v) && accepted.test(v), acceptedText, defaultText);
  }

  /** Comma-separated positive whole numbers; {@code defaultValue} may be null, shown as {@code defaultText}. */
  @SuppressWarnings("unchecked")
  static Setting<List<Integer>> widths(String name, List<Integer> defaultValue, String defaultText, String doc) {
    Class<List<Integer>> type = (Class<List<Integer>>) (Class<?>) List.class;
    return new Setting<>(name, type, defaultValue, doc,
        text -> Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList(),
        v -> String.join(",", v.stream().map(String::valueOf).toList()),
        v -> !v.isEmpty() && v.stream().allMatch(w -> w >= 1), "positive whole numbers, comma-separated", defaultText);
  }

  /**
   * One of an enum's constants, written in lower case with '-' for '_' (rank-one for RANK_ONE);
   * {@code noun} says what a constant is, for the message that refuses another word.
   */
  static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, E defaultValue, String noun, String doc) {
    return choice(name, type, List.of(type.getEnumConstants()), defaultValue, noun, doc);
  }

  /** One of some of an enum's constants, {@code allowed}, spelled as above. */
  static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, List<E> allowed, E defaultValue,
      String noun, String doc) {
    List<String> names = allowed.stream().map(Setting::spelling).toList();
    return new Setting<>(name, type, defaultValue, doc, text -> {
      for (E e : allowed) {
        if (spelling(e).equals(text.trim().toLowerCase(Locale.ROOT))) {
          return e;
        }
      }
      throw new IllegalArgumentException("not a " + noun);
    }, Setting::spelling, allowed::contains, "a " + noun + ": " + String.join(" or ", names), null);
  }

  private static String spelling(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The name: the provenance key, and the command-line option without its dashes. */
  public String name() {
    return name;
  }

  /** The command-line option, {@code --name}. */
  public String option() {
    return "--" + name;
  }

  public Class<T> type() {
    return type;
  }

  /** The default; null where none is the default (see {@link #defaultText}). */
  public T defaultValue() {
    return defaultValue;
  }

  /** What the setting does. */
  public String doc() {
    return doc;
  }

  /** The default as the help text shows it. */
  public String defaultText() {
    return defaultText != null ? defaultText : format(defaultValue);
  }

  /** The doc with the values accepted and the default, for a command's help. */
  public String help() {
    return doc + " (default: " + defaultText() + ")";
  }

  /** The same help for a command whose own default is {@code value}. */
  public String help(T value) {
    return value == null || value.equals(defaultValue) ? help() : doc + " (default: " + format(value) + ")";
  }

  /**
   * Reads a value as the command line spells it.
   *
   * @throws IllegalArgumentException naming the option, when the text is not an accepted value
   */
  public T parse(String text) {
    T value;
    try {
      value = parser.apply(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option() + ": '" + text + "' is not " + acceptedText);
    }
    check(value);
    return value;
  }

  /** The value as the command line and the provenance spell it. */
  public String format(T value) {
    return value == null ? unsetText : printer.apply(value);
  }

  /** @throws IllegalArgumentException naming the option, when the value is not accepted */
  void check(T value) {
    Objects.requireNonNull(value, name);
    if (!accepted.test(value)) {
      throw new IllegalArgumentException(option() + ": " + format(value) + " is not " + acceptedText);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
