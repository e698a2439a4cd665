package org.metagov.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Replies cross versions during a rolling upgrade: an old reply (no details) reads, an empty one writes none. */
class ActionReplyJsonTest {

    @Test
    void detailsRoundTripAndAreOptional() throws Exception {
        ActionReply failed = new ActionReply("r1", ActionReply.Outcome.FAILED, null, "Host 'x' answered 422",
                List.of(EventJson.MAPPER.readTree("{\"errors\":[\"Title is too short\"]}")));
        String json = EventJson.MAPPER.writeValueAsString(failed);
        ActionReply read = EventJson.MAPPER.readValue(json, ActionReply.class);
        assertEquals(failed.details(), read.details());
        assertEquals(failed.message(), read.message());

        ActionReply old = EventJson.MAPPER.readValue(
                "{\"requestId\":\"r2\",\"outcome\":\"FAILED\",\"result\":null,\"message\":\"m\"}", ActionReply.class);
        assertEquals(List.of(), old.details());
        assertFalse(EventJson.MAPPER.writeValueAsString(old).contains("details"));
        assertFalse(EventJson.MAPPER.writeValueAsString(old).contains("retryAfterSeconds"));
    }

    @Test
    void aTooBusyReplyCarriesItsRetryAfter() throws Exception {
        ActionReply busy = ActionReply.tooBusy("r3", "share in use", 2);
        ActionReply read = EventJson.MAPPER.readValue(EventJson.MAPPER.writeValueAsString(busy), ActionReply.class);
        assertEquals(ActionReply.Outcome.TOO_BUSY, read.outcome());
        assertEquals(2L, read.retryAfterSeconds());
    }
}
