package org.metagov.community.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.metagov.web.ApiException;

/**
 * The one way this service's lists page (conventions, "Lists"): {@code ?limit} (default 50, 1..200),
 * {@code ?cursor} (opaque, from the previous page's {@code next}), newest first, answered as
 * {@code {"items", "next"}}. A malformed limit or cursor is a 400.
 */
public final class Pages {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private Pages() {
    }

    /** Where a page starts: after the item created at {@code createdAt} with key {@code key}. */
    public record After(Instant createdAt, String key) {
    }

    public static int limit(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }

    /** Null without a cursor. */
    public static After after(Optional<String> cursor) {
        return cursor.map(Pages::parse).orElse(null);
    }

    /**
     * The answer for {@code rows}, fetched with {@code limit + 1} so a further page shows; {@code next} points
     * after the last item shown.
     */
    public static <R> Map<String, Object> answer(List<R> rows, int limit, Function<R, Object> view,
            Function<R, After> position) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.stream().map(view).toList());
        answer.put("next", more ? cursor(position.apply(page.get(page.size() - 1))) : null);
        return answer;
    }

    /** Opaque to callers: base64url of "{created_at micros}:{key}". */
    static String cursor(After after) {
        long micros = after.createdAt().getEpochSecond() * 1_000_000L + after.createdAt().getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + after.key()).getBytes(StandardCharsets.UTF_8));
    }

    private static After parse(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            long micros = Long.parseLong(decoded.substring(0, colon));
            String key = decoded.substring(colon + 1);
            if (key.isEmpty()) {
                throw new IllegalArgumentException();
            }
            return new After(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000), key);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            throw ApiException.badRequest("The cursor is not one this list gave");
        }
    }
}
