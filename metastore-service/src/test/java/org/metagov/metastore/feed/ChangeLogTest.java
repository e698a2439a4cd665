package org.metagov.metastore.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metagov.metastore.storage.Author;

/** The change log survives what a crash leaves: open intents stay open, a torn last record is cut off. */
class ChangeLogTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path dir;

    private static ChangeEvent draft(String revision) {
        return new ChangeEvent(0, "acme/x", "main", revision, List.of(), new Author("A", "a@x"), "sub", "m",
                ChangeEvent.UPDATE, Instant.parse("2026-01-01T00:00:00Z"), Map.of("k", "v"));
    }

    @Test
    void eventsIntentsAndATornTailSurviveAReopen() throws IOException {
        Path file = dir.resolve("changes.jsonl");
        try (ChangeLog log = new ChangeLog(file, JSON)) {
            long published = log.intent(draft("a".repeat(40)));
            log.append(draft("a".repeat(40)), published);
            log.abort(log.intent(draft("b".repeat(40))));
            log.intent(draft("c".repeat(40))); // the crash comes before its outcome
            log.append(ChangeEvent.about(null, null, "deleted", null), null);
        }
        long intact = Files.size(file);
        Files.writeString(file, "{\"type\":\"event\",\"event\":{\"seq", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (ChangeLog log = new ChangeLog(file, JSON)) {
            assertEquals(intact, Files.size(file), "the torn record is cut off");
            assertEquals(2, log.lastSequence());
            assertEquals("a".repeat(40), log.get(1).revision());
            assertEquals(Map.of("k", "v"), log.get(1).detail());
            assertEquals("deleted", log.get(2).message());
            List<ChangeLog.Intent> open = log.openIntents();
            assertEquals(1, open.size());
            assertEquals("c".repeat(40), open.get(0).draft().revision());
            ChangeEvent third = log.append(draft("c".repeat(40)), open.get(0).id());
            assertEquals(3, third.sequence());
        }
        try (ChangeLog log = new ChangeLog(file, JSON)) {
            assertEquals(List.of(), log.openIntents());
            assertEquals(3, log.lastSequence());
        }
    }
}
