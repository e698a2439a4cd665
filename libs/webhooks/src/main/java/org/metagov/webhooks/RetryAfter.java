package org.metagov.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one reader of a {@code Retry-After} header, for every client that retries (webhooks, callbacks, plugins). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * Retry-After is either delay-seconds or an HTTP-date (RFC 9110 10.2.3); a date in the past is zero, anything
     * else (blank, garbage) is null, i.e. "not asked".
     */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now,
                        ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
