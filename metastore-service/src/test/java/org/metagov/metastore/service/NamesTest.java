package org.metagov.metastore.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.error.MetastoreException;

class NamesTest {

    @Test
    void datasetIds() {
        assertEquals("acme/data.v1_x-2", Names.datasetId("acme", "data.v1_x-2").toString());
        assertEquals(100, Names.datasetId("a", "0" + "x".repeat(99)).name().length());
        for (String bad : List.of("", "A", "a b", "-a", ".a", "_a", "a/b", "x".repeat(101), "a\n", "é")) {
            MetastoreException e = assertThrows(MetastoreException.class, () -> Names.datasetId("acme", bad), bad);
            assertEquals(400, e.status());
            assertEquals("invalid_name", e.code());
            assertEquals("invalid_name", assertThrows(MetastoreException.class, () -> Names.datasetId(bad, "data"), bad)
                    .code());
        }
        MetastoreException both = assertThrows(MetastoreException.class, () -> Names.datasetId("A", "B"));
        assertEquals(2, both.details().size());
        assertEquals("invalid_name", assertThrows(MetastoreException.class, () -> Names.datasetId(null, "x")).code());
    }

    @Test
    void tagNames() {
        for (String good : List.of("v1", "V1.0.0", "1.0+build", "release_2024-01", "a".repeat(39), "g".repeat(40),
                "a".repeat(41))) {
            assertEquals(good, Names.tagName(good));
        }
        for (String bad : List.of("", " ", "v 1", "v\t1", "v\n1", "v1!", "!", "a".repeat(40),
                "0123456789ABCDEF0123456789abcdef01234567", "a/b", "..", "a..b", "a.", "a.lock", ".a", "-a",
                "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b", "@{", "x".repeat(129))) {
            MetastoreException e = assertThrows(MetastoreException.class, () -> Names.tagName(bad), bad);
            assertEquals("invalid_tag_name", e.code());
            assertEquals(400, e.status());
        }
        assertEquals("invalid_tag_name", assertThrows(MetastoreException.class, () -> Names.tagName(null)).code());
    }

    @Test
    void refs() {
        assertNull(Names.ref(null, "ref"));
        assertNull(Names.ref(" ", "ref"));
        assertEquals("a".repeat(40), Names.ref("A".repeat(40), "ref"));
        assertEquals("v1.0", Names.ref("v1.0", "ref"));
        MetastoreException e = assertThrows(MetastoreException.class, () -> Names.ref("bad ref", "from"));
        assertEquals("invalid_ref", e.code());
        assertEquals(true, e.getMessage().startsWith("from "));
    }

    @Test
    void limits() {
        assertEquals(20, Names.limit(null));
        assertEquals(20, Names.limit(""));
        assertEquals(1, Names.limit("1"));
        assertEquals(100, Names.limit(" 100 "));
        for (String bad : List.of("0", "101", "-5", "x", "1e2", "99999999999")) {
            assertEquals("invalid_limit", assertThrows(MetastoreException.class, () -> Names.limit(bad)).code());
        }
    }
}
