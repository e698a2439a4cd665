package org.metagov.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QualifiedNameTest {

    @Test
    void thePluginIsWhatComesBeforeTheFirstDot() {
        assertEquals(new QualifiedName("slack", "emoji-vote"), QualifiedName.parse("slack.emoji-vote").orElseThrow());
        assertEquals(new QualifiedName("a", "b.c"), QualifiedName.parse("a.b.c").orElseThrow());
        assertEquals("slack.emoji-vote", QualifiedName.parse("slack.emoji-vote").orElseThrow().toString());
    }

    @Test
    void anythingElseIsNoName() {
        for (String text : new String[] {"nodot", ".x", "x.", ".", ""}) {
            assertTrue(QualifiedName.parse(text).isEmpty(), text);
        }
        assertTrue(QualifiedName.parse(null).isEmpty());
    }
}
