package org.metagov.metastore.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.error.MetastoreException;

class CursorsAndPreconditionsTest {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}");

    @Test
    void cursorsRoundTripAndAreOpaque() {
        String id = "0123456789abcdef0123456789abcdef01234567";
        String cursor = Cursors.encode("r", id);
        assertFalse(cursor.contains(id));
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe: " + cursor);
        assertEquals(id, Cursors.decode("r", cursor, HEX));
        assertNull(Cursors.decode("r", null, HEX));
        assertNull(Cursors.decode("r", "", HEX));
        for (String bad : List.of("!!", "Zm9v", Cursors.encode("d", id), Cursors.encode("r", "not-hex"),
                Cursors.encode("r", id + "0"))) {
            MetastoreException e = assertThrows(MetastoreException.class, () -> Cursors.decode("r", bad, HEX), bad);
            assertEquals(400, e.status());
            assertEquals("invalid_cursor", e.code());
        }
    }

    @Test
    void ifMatchForms() {
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        Preconditions.IfMatch none = Preconditions.ifMatch(null);
        assertFalse(none.specific());
        assertTrue(none.matches(a));
        Preconditions.IfMatch star = Preconditions.ifMatch(" * ");
        assertFalse(star.specific());
        assertTrue(star.matches(b));
        for (String header : List.of("\"" + a + "\"", a, "W/\"" + a + "\"", "\"" + a.toUpperCase() + "\"",
                "\"" + b + "\", \"" + a + "\"")) {
            Preconditions.IfMatch m = Preconditions.ifMatch(header);
            assertTrue(m.specific(), header);
            assertTrue(m.matches(a), header);
        }
        Preconditions.IfMatch stale = Preconditions.ifMatch("\"" + b + "\"");
        assertFalse(stale.matches(a));
    }

    /** Found by fuzzing: these used to act as "no precondition", turning a guarded write into an unguarded one. */
    @Test
    void malformedIfMatchIs400() {
        for (String header : List.of("\"\"", "W/", ",,,", "", "  ", "W/\"\"", "\"" + "a".repeat(40) + "\",", "\"a\"b\"",
                "*, \"" + "a".repeat(40) + "\"")) {
            MetastoreException e = assertThrows(MetastoreException.class, () -> Preconditions.ifMatch(header), header);
            assertEquals(400, e.status(), header);
            assertEquals("invalid_if_match", e.code(), header);
        }
    }
}
