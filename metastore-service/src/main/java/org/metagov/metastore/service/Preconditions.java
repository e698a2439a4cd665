package org.metagov.metastore.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.metagov.metastore.error.MetastoreException;

/** HTTP {@code If-Match} against revision ids (our ETags are the quoted revision id). */
final class Preconditions {

    private Preconditions() {
    }

    record IfMatch(List<String> revisions, boolean any) {

        /** True when the client named revisions, i.e. a lost race must be reported, not retried. */
        boolean specific() {
            return !revisions.isEmpty();
        }

        boolean matches(String latest) {
            return any || revisions.isEmpty() || revisions.contains(latest);
        }

        String describe() {
            return String.join(", ", revisions);
        }
    }

    /**
     * Accepts {@code "id"}, {@code W/"id"}, a bare id, a comma-separated list, or {@code *}. Anything else that is
     * present ({@code ""}, {@code W/}, {@code ,,,}, a blank header) is a 400: read as "no precondition" it would turn
     * a guarded write into an unguarded one.
     */
    static IfMatch ifMatch(String header) {
        if (header == null) {
            return new IfMatch(List.of(), false);
        }
        if (header.trim().equals("*")) {
            return new IfMatch(List.of(), true);
        }
        List<String> revisions = new ArrayList<>();
        for (String tag : header.split(",", -1)) {
            String value = tag.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty() || value.contains("\"") || value.equals("*")) {
                throw new MetastoreException(400, "invalid_if_match", "If-Match must be *, or one or more entity "
                        + "tags (\"<revision id>\", comma-separated), got " + Names.quote(header));
            }
            revisions.add(value.toLowerCase(Locale.ROOT));
        }
        return new IfMatch(revisions, false);
    }
}
