package org.metagov.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CallerHeaderTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-02T02:00:00Z"), ZoneOffset.UTC);
    private final CallerHeader header = new CallerHeader("the-internal-key", NOW);

    @Test
    void aSignedHeaderNamesItsCaller() {
        assertEquals(Optional.of(new Caller("driver.with/odd chars", true)),
                header.verify(header.sign(new Caller("driver.with/odd chars", true))));
        assertEquals(Optional.of(Caller.local()), header.verify(header.sign(Caller.local())));
    }

    @Test
    void aHeaderMadeWithAnotherKeyIsRefused() {
        String forged = new CallerHeader("another-key", NOW).sign(new Caller("admin", true));
        assertTrue(header.verify(forged).isEmpty());
    }

    @Test
    void aChangedCallerOrAdminFlagIsRefused() {
        String signed = header.sign(new Caller("alice", false));
        String[] parts = signed.split("\\.");
        String promoted = parts[0] + "." + parts[1] + ".1." + parts[3] + "." + parts[4];
        assertTrue(header.verify(promoted).isEmpty());
        String other = parts[0] + ".Ym9i." + parts[2] + "." + parts[3] + "." + parts[4];
        assertTrue(header.verify(other).isEmpty());
    }

    @Test
    void aStaleHeaderIsRefused() {
        String old = new CallerHeader("the-internal-key", Clock.offset(NOW, CallerHeader.MAX_AGE.plusSeconds(1)
                .negated())).sign(new Caller("alice", false));
        assertTrue(header.verify(old).isEmpty());
    }

    @Test
    void garbageIsRefused() {
        for (String bad : new String[] {null, "", "v1", "v1.a.b.c.d", "v2.YQ.0.1.x", "v1.YQ.0.notanumber.AAAA", "v1.!!.0.1.x"}) {
            assertTrue(header.verify(bad).isEmpty(), String.valueOf(bad));
        }
    }
}
