package org.metagov.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * What {@code deploy/local/run.sh} starts when no external Kafka or PostgreSQL is given: a real KRaft broker and a
 * real PostgreSQL with one database per service. Prints {@code INFRA READY} once both accept connections and stops
 * both on SIGTERM.
 *
 * <p>Environment: {@code RUN_DIR} (data folder), {@code KAFKA_PORT} (9092, 0 = do not start),
 * {@code PG_PORT} (5432, 0 = do not start).
 */
public final class LocalInfra {

    static final List<String> DATABASES = List.of("community", "runner", "process", "dispatcher");

    public static void main(String[] args) throws Exception {
        quietLogging();
        Path runDir = Path.of(System.getenv().getOrDefault("RUN_DIR", "target/run"));
        int kafkaPort = Integer.parseInt(System.getenv().getOrDefault("KAFKA_PORT", "9092"));
        int pgPort = Integer.parseInt(System.getenv().getOrDefault("PG_PORT", "5432"));

        EmbeddedPostgres postgres = null;
        if (pgPort > 0) {
            postgres = PostgresServer.start(pgPort, runDir.resolve("postgres").toAbsolutePath());
            for (String db : DATABASES) {
                PostgresServer.createDatabase(postgres, db);
            }
            System.out.println("postgres listening on localhost:" + pgPort);
        }
        EmbeddedKafkaBroker kafka = null;
        if (kafkaPort > 0) {
            kafka = KafkaBroker.start(kafkaPort, runDir.resolve("kafka").toAbsolutePath());
            System.out.println("kafka listening on " + kafka.getAdvertisedListeners());
        }
        EmbeddedPostgres pg = postgres;
        EmbeddedKafkaBroker broker = kafka;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (broker != null) {
                    broker.close();
                }
                if (pg != null) {
                    pg.close();
                }
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
            stopped.countDown();
        }));
        System.out.println("INFRA READY");
        System.out.flush();
        stopped.await();
    }

    /**
     * Unconfigured, JBoss LogManager (the broker's slf4j binding on this classpath) enables every level: the broker
     * then formats a TRACE line for each request only to drop it, which was about a third of its CPU under load.
     * WARN and above go to the console (run.sh's infra.log).
     */
    private static void quietLogging() {
        Logger root = LogContext.getSystemLogContext().getLogger("");
        root.setLevel(Level.WARNING);
        ConsoleHandler console = new ConsoleHandler(new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c] %s%e%n"));
        console.setLevel(Level.WARNING);
        root.addHandler(console);
    }

    private LocalInfra() {
    }
}
