package org.metagov.dispatcher.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.metagov.events.DriverEvent;

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

    @Test
    void aSubscriptionTakesItsCommunitiesAndTypesOnly() {
        Subscription some = new Subscription("s1", "d1", URI.create("https://driver.example/events"),
                Set.of("c1"), EventFilter.of(List.of("slack.*")), Optional.empty());
        assertTrue(some.matches(event("c1", "slack", "message")));
        assertFalse(some.matches(event("c2", "slack", "message")), "another community");
        assertFalse(some.matches(event("c1", "discourse", "post_created")), "another source");

        Subscription local = new ConfiguredSubscriptions(Optional.of(URI.create("http://localhost:1/e")),
                Optional.empty()).all().get(0);
        assertEquals("local-default", local.id());
        assertEquals("local", local.driver());
        assertTrue(local.matches(event("any", "github", "push")), "every community, every type");
        assertTrue(new ConfiguredSubscriptions(Optional.empty(), Optional.empty()).all().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new ConfiguredSubscriptions(
                Optional.of(URI.create("ftp://x/y")), Optional.empty()));
    }

    private static DriverEvent event(String community, String source, String type) {
        return new DriverEvent("id", community, source, type, "1.0", null, null);
    }
}
