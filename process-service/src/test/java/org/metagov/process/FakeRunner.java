package org.metagov.process;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.metagov.events.EventJson;
import org.metagov.events.Topics;
import org.metagov.events.process.ProcessCommand;
import org.metagov.events.process.ProcessUpdate;
import org.metagov.sdk.process.ProcessStatus;

/**
 * Plays plugin-runner for process-service's tests: consumes process-commands and answers on process-updates as the
 * runner's processes would, with the runner's versions. What it does depends on the parameters:
 * {@code "title": "fail"} fails the start; {@code "silent": true} leaves updates unanswered; {@code "close": "unsupported"}
 * answers close as a process without close() does, {@code "close": "fail"} as one whose close() failed,
 * {@code "close": "teardown"} as the runner's teardown does. Reopen puts a completed process back to pending, but
 * for new options {@code ["refused"]}, which it rejects as the caller's mistake. Every
 * process gets a {@code url} on start, as upstream's plugins set one.
 */
final class FakeRunner implements AutoCloseable {

    /** One process as the runner keeps it. */
    static final class Held {
        final ProcessCommand start;
        String status = ProcessStatus.PENDING.value();
        String url;
        ProcessUpdate.CommandResult result;
        JsonNode outcome = NullNode.getInstance();
        JsonNode errors = EventJson.MAPPER.createObjectNode();
        long version;

        Held(ProcessCommand start) {
            this.start = start;
        }
    }

    final List<ProcessCommand> received = new CopyOnWriteArrayList<>();
    private final Map<String, Held> processes = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread thread;
    private volatile boolean running = true;

    FakeRunner(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-runner-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        consumer.subscribe(List.of(Topics.PROCESS_COMMANDS));
        thread = new Thread(this::loop, "fake-runner");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                    handle(EventJson.read(r.value(), ProcessCommand.class));
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    private synchronized void handle(ProcessCommand command) {
        received.add(command);
        Held p = processes.get(command.processId());
        if (p == null && command.type() != ProcessCommand.Type.START) {
            return;
        }
        switch (command.type()) {
            case START -> {
                if (p != null) {
                    return;
                }
                p = new Held(command);
                p.url = "https://platform.example/polls/" + command.processId();
                processes.put(command.processId(), p);
                if ("fail".equals(command.parameters().path("title").asText())) {
                    p.status = ProcessStatus.COMPLETED.value();
                    ((ObjectNode) p.errors).put("message", "The platform refused to start the poll");
                }
            }
            case UPDATE -> {
                if (p.start.parameters().path("silent").asBoolean(false)) {
                    return;
                }
            }
            case CLOSE -> {
                String close = p.start.parameters().path("close").asText();
                if (close.equals("unsupported")) {
                    // the runner's words for a process without close(); the code, not the words, is what counts
                    ((ObjectNode) p.errors).put("close", "not supported by this process");
                    p.result = ProcessUpdate.CommandResult.NOT_SUPPORTED;
                } else if (close.equals("fail")) {
                    // a failure whose message happens to say "not supported": still a failure (502), by its code
                    ((ObjectNode) p.errors).put("close", "The platform answered: closing polls is not supported today");
                    p.result = ProcessUpdate.CommandResult.FAILED;
                } else if (close.equals("teardown")) {
                    // as the runner's teardown closes the processes of a disabled instance
                    p.status = ProcessStatus.COMPLETED.value();
                    ((ObjectNode) p.errors).put("disabled", "The plugin instance was disabled (community deleted)");
                } else if (!ProcessStatus.COMPLETED.value().equals(p.status)) {
                    p.status = ProcessStatus.COMPLETED.value();
                    JsonNode options = p.start.parameters().path("options");
                    p.outcome = EventJson.MAPPER.createObjectNode().put("winner",
                            options.isArray() && !options.isEmpty() ? options.get(0).asText() : "custom outcome data");
                }
            }
            case WEBHOOK -> {
            }
            case REOPEN -> {
                if (command.parameters().path("options").path(0).asText().equals("refused")) {
                    // as a plugin's reopen() that throws PluginException.badRequest
                    ((ObjectNode) p.errors).put("reopen", "no such option: refused");
                    p.result = ProcessUpdate.CommandResult.REJECTED;
                } else {
                    p.status = ProcessStatus.PENDING.value();
                    p.errors = EventJson.MAPPER.createObjectNode();
                }
            }
        }
        answer(p, command.id());
        p.result = null;
    }

    /** As a change outside any command (an action such as vote.cast) reaches process-service. */
    synchronized ProcessUpdate change(String processId, JsonNode outcome) {
        Held p = processes.get(processId);
        p.outcome = outcome;
        return answer(p, null);
    }

    private synchronized ProcessUpdate answer(Held p, String commandId) {
        p.version++;
        ProcessUpdate update = new ProcessUpdate(UUID.randomUUID().toString(), commandId, p.start.processId(),
                p.start.community(), p.start.plugin(), p.start.process(), p.status, p.outcome, p.errors, p.version,
                null, Instant.now(), p.url,
                commandId == null ? null : p.result == null ? ProcessUpdate.CommandResult.DONE : p.result);
        send(update);
        return update;
    }

    void send(ProcessUpdate update) {
        try {
            producer.send(new ProducerRecord<>(Topics.PROCESS_UPDATES, update.processId(), EventJson.write(update)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<ProcessCommand> commandsOf(String processId, ProcessCommand.Type type) {
        return received.stream().filter(c -> c.processId().equals(processId) && c.type() == type).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(1));
        producer.close(Duration.ofSeconds(1));
    }
}
