package dev.mq.cli.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Reads a moment: an ISO-8601 instant ({@code 2026-12-03T10:00:00Z}) or a time ago in the
 * duration forms of {@link DurationConverter} ({@code 30m}, {@code 2h}, {@code PT90M}), counted
 * back from now.
 */
public final class SinceConverter implements CommandLine.ITypeConverter<Instant> {

  @Override
  public Instant convert(String value) {
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException notAnInstant) {
      try {
        return Instant.now().minus(new DurationConverter().convert(value));
      } catch (CommandLine.TypeConversionException notADuration) {
        throw new CommandLine.TypeConversionException("'" + value
            + "' is neither an instant such as 2026-12-03T10:00:00Z nor a time ago such as 30m or 2h");
      }
    }
  }
}
