package org.metagov.metastore.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import org.metagov.metastore.error.MetastoreException;

/**
 * Opaque page cursors: base64url of {@code <kind>:<position>}. Clients must treat them as opaque; the kind
 * stops a dataset cursor being replayed against a revision list and vice versa.
 */
final class Cursors {

    private Cursors() {
    }

    static String encode(String kind, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position inside a cursor, or 400 if it is not a cursor of this kind. */
    static String decode(String kind, String cursor, Pattern position) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            String prefix = kind + ":";
            if (decoded.startsWith(prefix) && position.matcher(decoded.substring(prefix.length())).matches()) {
                return decoded.substring(prefix.length());
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw new MetastoreException(400, "invalid_cursor", "The cursor is malformed; pass back the 'next' value of "
                + "a previous page unchanged");
    }
}
