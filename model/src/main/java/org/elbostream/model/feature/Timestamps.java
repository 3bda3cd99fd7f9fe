package org.elbostream.model.feature;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Times as data files write them, to compare: {@code 2013-12-02 21:15:00}, with a {@code T} for the
 * space, seconds and their fraction optional, a trailing {@code Z} allowed (NAB's, SMD-style
 * exports', ISO 8601's local times); or a whole number of epoch milliseconds. A time without a zone
 * is read as UTC: labels and data written alike compare alike.
 */
public final class Timestamps {
  private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd")
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .appendPattern("HH:mm")
      .optionalStart().appendPattern(":ss").optionalEnd()
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .optionalStart().appendLiteral('Z').optionalEnd()
      .toFormatter();

  private Timestamps() {}

  /** Epoch milliseconds; null when the text is not a time. */
  public static Long parse(String text) {
    String t = text.trim().replaceAll("^\"|\"$", "");
    if (t.matches("-?\\d{1,19}")) {
      return Long.parseLong(t);
    }
    try {
      return LocalDateTime.parse(t, LOCAL).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
