package org.metagov.process.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.NullNode;

import org.junit.jupiter.api.Test;
import org.metagov.process.repository.ProcessRecord;
import org.metagov.sdk.process.ProcessStatus;

/** When the next update tick is due, and which answers requests wait for. */
class UpdateScheduleTest {

    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    static ProcessRecord process(Long intervalMs, Instant next) {
        return new ProcessRecord("p1", "c", "vote", "poll", ProcessStatus.CREATED, NullNode.getInstance(),
                NullNode.getInstance(), null, null, 0, intervalMs, next, 0, 0, null, "local");
    }

    @Test
    void aStartedProcessIsFirstTickedAtARandomPointAroundOneInterval() {
        for (int i = 0; i < 200; i++) {
            Instant next = UpdateApplier.nextUpdate(process(60_000L, null), ProcessStatus.PENDING, null, false, NOW);
            assertTrue(!next.isBefore(NOW.plusSeconds(30)) && !next.isAfter(NOW.plusSeconds(90)), next.toString());
        }
    }

    @Test
    void noTicksWithoutUpdateOrOnceCompleted() {
        assertNull(UpdateApplier.nextUpdate(process(null, null), ProcessStatus.PENDING, NOW.plusSeconds(5), false, NOW));
        assertNull(UpdateApplier.nextUpdate(process(60_000L, NOW.plusSeconds(10)), ProcessStatus.COMPLETED, null, true, NOW));
    }

    @Test
    void anEarlierWishOfTheProcessWins() {
        Instant regular = NOW.plusSeconds(60);
        assertEquals(NOW.plusSeconds(5),
                UpdateApplier.nextUpdate(process(60_000L, regular), ProcessStatus.PENDING, NOW.plusSeconds(5), false, NOW));
        assertEquals(regular,
                UpdateApplier.nextUpdate(process(60_000L, regular), ProcessStatus.PENDING, NOW.plusSeconds(500), false, NOW));
        // a passed wish is due at once, unless this very answer is the update that served it (no loop)
        assertEquals(NOW,
                UpdateApplier.nextUpdate(process(60_000L, regular), ProcessStatus.PENDING, NOW.minusSeconds(1), false, NOW));
        assertEquals(regular,
                UpdateApplier.nextUpdate(process(60_000L, regular), ProcessStatus.PENDING, NOW.minusSeconds(1), true, NOW));
    }

    @Test
    void startAndCloseAnswersAreAwaited() {
        assertEquals("p1:start", UpdateApplier.awaitedCommand("p1:start"));
        assertEquals("p1:close:2", UpdateApplier.awaitedCommand("p1:close:2"));
        assertNull(UpdateApplier.awaitedCommand("p1:update:7"));
        assertNull(UpdateApplier.awaitedCommand(null));
    }
}
