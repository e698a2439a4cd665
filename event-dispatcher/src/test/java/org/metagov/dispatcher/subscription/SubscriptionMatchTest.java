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
import org.metagov.events.EventFilter;

class SubscriptionMatchTest {

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
