package org.metagov.metastore.feed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.logging.Logger;

/**
 * The append-only, fsynced file behind the change feed: one JSON line per record. {@code event} lines are the feed
 * (numbered 1, 2, ...); an {@code intent} line is written before a revision is published and resolved by the event
 * (or an {@code abort}) that follows, so after a crash the intents left open are exactly the writes whose outcome
 * must be read from the refs. A torn last line (a crash mid-append) is cut off at start. Events are located through
 * an in-memory table of file offsets (8 bytes an event), so a page costs its size, not the length of the log.
 */
final class ChangeLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChangeLog.class);

    /** An intent without its outcome: a revision that may or may not have been published. */
    record Intent(long id, ChangeEvent draft) {
    }

    private final ObjectMapper mapper;
    private final FileChannel channel;
    private long[] offsets = new long[1024];
    private long events;
    private long intents;
    private long size;
    private final Map<Long, ChangeEvent> open = new LinkedHashMap<>();
    private final Map<String, List<Long>> audited = new HashMap<>();

    ChangeLog(Path file, ObjectMapper mapper) {
        this.mapper = mapper;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            replay();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the change log " + file, e);
        }
    }

    private void replay() throws IOException {
        long position = 0;
        long end = channel.size();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long lineStart = 0;
        boolean torn = false;
        while (position < end && !torn) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    if (!apply(line.toByteArray(), lineStart)) {
                        torn = true;
                        break;
                    }
                    line.reset();
                    lineStart = position + i + 1;
                } else {
                    line.write(b);
                }
            }
            position += n;
        }
        if (lineStart < channel.size()) {
            LOG.warnf("Cutting a torn record off the end of the change log (%d bytes)", channel.size() - lineStart);
            channel.truncate(lineStart);
            channel.force(true);
        }
        size = channel.size();
    }

    /** False for a line that cannot be read: the log ends before it. */
    private boolean apply(byte[] bytes, long offset) {
        JsonNode record;
        try {
            record = mapper.readTree(bytes);
        } catch (IOException e) {
            return false;
        }
        switch (record.path("type").asText()) {
            case "event" -> {
                ChangeEvent event = mapper.convertValue(record.get("event"), ChangeEvent.class);
                indexEvent(event, offset);
                if (record.has("intent")) {
                    open.remove(record.get("intent").asLong());
                }
            }
            case "intent" -> {
                intents = Math.max(intents, record.path("intent").asLong());
                open.put(record.path("intent").asLong(), mapper.convertValue(record.get("event"), ChangeEvent.class));
            }
            case "abort" -> open.remove(record.path("intent").asLong());
            default -> {
                return false;
            }
        }
        return true;
    }

    private void indexEvent(ChangeEvent event, long offset) {
        events = event.sequence();
        if (events > offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[(int) (events - 1)] = offset;
        if (event.audited()) {
            audited.computeIfAbsent(event.dataset(), key -> new ArrayList<>()).add(events);
        }
    }

    /** Durably notes that {@code draft.revision()} is about to be published; answers the intent's id. */
    synchronized long intent(ChangeEvent draft) {
        long id = ++intents;
        ObjectNode record = mapper.createObjectNode().put("type", "intent").put("intent", id);
        record.set("event", mapper.valueToTree(draft));
        write(record, true);
        open.put(id, draft);
        return id;
    }

    /** Appends the event (numbered here), resolving {@code intent} when it is not null; fsynced before it returns. */
    synchronized ChangeEvent append(ChangeEvent draft, Long intent) {
        ChangeEvent event = draft.withSequence(events + 1);
        ObjectNode record = mapper.createObjectNode().put("type", "event");
        if (intent != null) {
            record.put("intent", intent);
        }
        record.set("event", mapper.valueToTree(event));
        long offset = write(record, true);
        indexEvent(event, offset);
        if (intent != null) {
            open.remove(intent);
        }
        return event;
    }

    /** The write failed: nothing was published. Not fsynced: if it is lost, the refs say the same at start. */
    synchronized void abort(long intent) {
        write(mapper.createObjectNode().put("type", "abort").put("intent", intent), false);
        open.remove(intent);
    }

    synchronized List<Intent> openIntents() {
        List<Intent> list = new ArrayList<>();
        open.forEach((id, draft) -> list.add(new Intent(id, draft)));
        return list;
    }

    synchronized long lastSequence() {
        return events;
    }

    /** Sequence numbers of the dataset's audited events, oldest first (a copy). */
    synchronized List<Long> audited(String dataset) {
        return List.copyOf(audited.getOrDefault(dataset, List.of()));
    }

    /** Event {@code sequence} (1 ... {@link #lastSequence}). */
    ChangeEvent get(long sequence) {
        long offset;
        synchronized (this) {
            if (sequence < 1 || sequence > events) {
                throw new IllegalArgumentException("no event " + sequence);
            }
            offset = offsets[(int) (sequence - 1)];
        }
        try {
            JsonNode record = mapper.readTree(readLine(offset));
            return mapper.convertValue(record.get("event"), ChangeEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readLine(long offset) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (long position = offset;;) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                return line.toByteArray();
            }
            for (int i = 0; i < n; i++) {
                if (buffer.get(i) == '\n') {
                    return line.toByteArray();
                }
                line.write(buffer.get(i));
            }
            position += n;
        }
    }

    /** Caller holds the monitor. Answers the offset the record starts at. */
    private long write(ObjectNode record, boolean sync) {
        try {
            byte[] line = (mapper.writeValueAsString(record) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long offset = size;
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer, size + buffer.position());
            }
            if (sync) {
                channel.force(false);
            }
            size += line.length;
            return offset;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the change log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing the change log failed", e);
        }
    }
}
