package org.metagov.events.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.metagov.events.EventJson;

class ProcessUpdateJsonTest {

    @Test
    void urlAndResultTravelAndAnOlderRecordReadsWithoutThem() {
        ProcessUpdate update = new ProcessUpdate("u1", "p1:close:1", "p1", "c", "vote", "poll", "pending",
                EventJson.MAPPER.createObjectNode(), EventJson.MAPPER.createObjectNode(), 3, null, Instant.now(),
                "https://example.org/poll/1", ProcessUpdate.CommandResult.NOT_SUPPORTED);
        ProcessUpdate read = EventJson.read(EventJson.write(update), ProcessUpdate.class);
        assertEquals(update, read);

        ProcessUpdate older = EventJson.read("""
                {"id": "u2", "commandId": null, "processId": "p1", "community": "c", "plugin": "vote",
                 "process": "poll", "status": "completed", "outcome": {}, "errors": {}, "version": 4}""",
                ProcessUpdate.class);
        assertEquals("completed", older.status());
        assertNull(older.url());
        assertNull(older.result());
    }
}
