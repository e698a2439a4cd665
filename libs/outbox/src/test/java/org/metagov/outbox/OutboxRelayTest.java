package org.metagov.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metagov.testing.FreePort;
import org.metagov.testing.KafkaBroker;
import org.metagov.testing.PostgresServer;
import org.metagov.testing.QuietLogs;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The relay against a real PostgreSQL and a real Kafka broker, two relays on one table. */
class OutboxRelayTest {

    private static EmbeddedPostgres postgres;
    private static EmbeddedKafkaBroker kafka;
    private static Vertx vertx;
    private static KafkaProducer<String, String> producer;

    @BeforeAll
    static void start() throws Exception {
        QuietLogs.thirdPartyAtWarn();
        postgres = PostgresServer.start(FreePort.find(), null);
        kafka = KafkaBroker.start(FreePort.find(), Files.createTempDirectory("outbox-kafka"));
        vertx = Vertx.vertx();
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.getAdvertisedListeners());
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("acks", "all");
        props.put("linger.ms", "0");
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    static void stop() throws Exception {
        producer.close();
        vertx.closeAndAwait();
        kafka.close();
        postgres.close();
    }

    @Test
    void rowsOfOneKeyReachKafkaInCommitOrderWithTwoRelaysAndConcurrentWriters() throws Exception {
        String table = "ordered_outbox";
        String topic = "ordered-" + UUID.randomUUID();
        createTables(table);
        createTopic(topic); // not auto-created at the first send, which blocks the sender while it happens
        int keys = 50;
        int rows = 10_000;
        OutboxRelay first = relay(table, topic, 100);
        OutboxRelay second = relay(table, topic, 100);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                    c.setAutoCommit(false);
                    for (int i = writer; i < rows; i += 8) {
                        // as a service's write: lock the aggregate, change it, add its outbox row, commit
                        String key = "k" + ThreadLocalRandom.current().nextInt(keys);
                        long seq;
                        try (PreparedStatement s = c.prepareStatement(
                                "UPDATE aggregate SET seq = seq + 1 WHERE key = ? RETURNING seq")) {
                            s.setString(1, key);
                            try (ResultSet r = s.executeQuery()) {
                                r.next();
                                seq = r.getLong(1);
                            }
                        }
                        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                                + " (record_key, payload) VALUES (?, ?)")) {
                            s.setString(1, key);
                            s.setString(2, Long.toString(seq));
                            s.executeUpdate();
                        }
                        c.commit();
                        if (i % 50 == 0) {
                            (i % 100 == 0 ? first : second).kick();
                        }
                    }
                }
                return null;
            }));
        }
        Thread ticker = new Thread(() -> {
            while (writing.get()) {
                first.run().await().atMost(Duration.ofSeconds(90));
                second.run().await().atMost(Duration.ofSeconds(90));
            }
        });
        ticker.start();
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();
        Map<String, Long> last = new HashMap<>();
        int[] received = {0};
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    long seq = Long.parseLong(r.value());
                    long previous = last.getOrDefault(r.key(), 0L);
                    assertEquals(previous + 1, seq, "key " + r.key() + " out of order or duplicated");
                    last.put(r.key(), seq);
                    received[0]++;
                }
                return received[0] == rows;
            });
        } finally {
            writing.set(false);
            ticker.join();
        }
        assertEquals(0L, first.backlog().await().indefinitely());
        assertEquals(rows, first.sentTotal() + second.sentTotal());
        assertTrue(first.sentTotal() > 0 && second.sentTotal() > 0, "both relays took part");
    }

    @Test
    void aRowThatCanNeverBeSentIsDeadLetteredItsKeyHeldAndOtherKeysGoOnSentOnce() throws Exception {
        String table = "wedge_outbox";
        String topic = "wedge-" + UUID.randomUUID();
        createTables(table);
        createTopic(topic);
        List<String> handled = new ArrayList<>();
        OutboxRelay.Sender tooLargeForKafka = (key, payload) -> payload.startsWith("huge")
                ? Uni.createFrom().failure(new RecordTooLargeException("The message is 1048623 bytes"))
                : send(topic).send(key, payload);
        OutboxRelay relay = new OutboxRelay(pool(), table, 10, tooLargeForKafka, (conn, key, payload, reason) -> {
            handled.add(key + ":" + reason);
            return Uni.createFrom().item(true);
        });
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + table + " (record_key, payload) VALUES ('a', 'a1'), ('b', 'huge'), "
                    + "('a', 'a2'), ('b', 'b2'), ('c', 'c1')");
        }
        relay.run().await().indefinitely();
        relay.run().await().indefinitely(); // a second run sends nothing twice and still holds b
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.size() >= 3;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
        }
        assertEquals(List.of("a1", "a2", "c1"), seen.stream().sorted().toList());
        assertEquals(List.of("b:RecordTooLargeException: The message is 1048623 bytes"), handled);
        assertEquals(1L, relay.deadLetterCount().await().indefinitely());
        assertEquals(1L, relay.backlog().await().indefinitely(), "b2 is held behind its dead letter");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table + "_dead_letter"); // the operator's act releases the key
        }
        relay.run().await().indefinitely();
        assertEquals(0L, relay.backlog().await().indefinitely());
    }

    private static OutboxRelay relay(String table, String topic, int batch) {
        return new OutboxRelay(pool(), table, batch, send(topic),
                (conn, key, payload, reason) -> Uni.createFrom().item(true));
    }

    private static OutboxRelay.Sender send(String topic) {
        return (key, payload) -> Uni.createFrom().emitter(e -> producer.send(new ProducerRecord<>(topic, key, payload),
                (meta, failure) -> {
                    if (failure == null) {
                        e.complete(null);
                    } else {
                        e.fail(failure);
                    }
                }));
    }

    private static Pool pool() {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions().setPort(postgres.getPort()).setHost("localhost")
                        .setDatabase("postgres").setUser("postgres").setPassword("postgres"))
                .using(vertx).build();
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.getAdvertisedListeners());
        props.put("group.id", "check-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static void createTopic(String topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of("bootstrap.servers", kafka.getAdvertisedListeners()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 6, (short) 1))).all().get();
        }
    }

    private static void createTables(String table) throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS aggregate (key TEXT PRIMARY KEY, seq BIGINT NOT NULL)");
            s.execute("INSERT INTO aggregate SELECT 'k' || g, 0 FROM generate_series(0, 49) g ON CONFLICT DO NOTHING");
            s.execute("CREATE TABLE " + table + " (id BIGSERIAL PRIMARY KEY, record_key TEXT NOT NULL, payload TEXT)");
            s.execute(OutboxSchema.deadLetterTable(table));
        }
    }
}
