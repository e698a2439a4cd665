package org.metagov.community.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.metagov.web.PageCursor;

/**
 * The one way this service's lists page (conventions, "Lists"): {@code ?limit} (default 50, 1..200),
 * {@code ?cursor} (opaque, from the previous page's {@code next}), newest first, answered as
 * {@code {"items", "next"}}. A malformed limit or cursor is a 400.
 */
public final class Pages {

    public static final int DEFAULT_LIMIT = PageCursor.DEFAULT_LIMIT;
    public static final int MAX_LIMIT = PageCursor.MAX_LIMIT;

    private Pages() {
    }

    /** Where a page starts: after the item created at {@code createdAt} with key {@code key}. */
    public record After(Instant createdAt, String key) {
    }

    public static int limit(Optional<String> text) {
        return PageCursor.limit(text);
    }

    /** Null without a cursor. */
    public static After after(Optional<String> cursor) {
        return cursor.map(PageCursor::parse).map(c -> new After(c.at(), c.id())).orElse(null);
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

    /** Opaque to callers (libs/web {@link PageCursor}). */
    static String cursor(After after) {
        return new PageCursor(after.createdAt(), after.key()).encode();
    }
}
