package org.metagov.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class EventFilterTest {

    @Test
    void matchesAnExactTypeOrEveryTypeOfASource() {
        EventFilter filter = EventFilter.of(List.of("discourse.post_created", "slack.*"));
        assertTrue(filter.matches("discourse", "post_created"));
        assertFalse(filter.matches("discourse", "topic_created"));
        assertTrue(filter.matches("slack", "message"));
        assertTrue(filter.matches("Slack", "Message"), "names compare without case");
        assertFalse(filter.matches("github", "push"));
        assertFalse(filter.matches(null, "push"));
    }

    @Test
    void noPatternsMatchEverything() {
        assertTrue(EventFilter.ALL.matches("github", "push"));
        assertEquals(EventFilter.ALL, EventFilter.of(List.of()));
    }

    @Test
    void refusesWhatIsNoSourceDotType() {
        for (String bad : new String[] {"discourse", "*.post_created", "discourse.", ".x", "a.b.c", "dis course.x",
                "discourse.post*", "*", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EventFilter.of(List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("event type filter '" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> EventFilter.of(java.util.Arrays.asList((String) null)));
    }

    @Test
    void equalFiltersAreEqualWhateverTheCaseAndRepetition() {
        assertEquals(EventFilter.of(List.of("slack.*")), EventFilter.of(List.of("Slack.*", "slack.*")));
        assertEquals("slack.*", EventFilter.of(List.of("slack.*")).toString());
    }
}
