package org.metagov.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged system, started once per test JVM exactly as a user starts it: {@code deploy/local/run.sh --detach}
 * with the jars the reactor just built, stopped with {@code run.sh stop} when the JVM ends.
 */
final class Stack {

    /**
     * Ports apart from a stack a developer may be running with the defaults (8080..., 9092, 55432); {@code
     * -De2e.port-base=} moves the whole stack (Kafka and PostgreSQL too) so two checkouts can run their system tests.
     */
    static final int PORT_BASE = Integer.getInteger("e2e.port-base", 18080);
    static final String GATEWAY = "http://localhost:" + PORT_BASE;
    static final String METASTORE = "http://localhost:" + (PORT_BASE + 10);
    static final String METASTORE_SECRET = "e2e-metastore-secret-0123456789abcdef0123";
    static final String GITHUB_WEBHOOK_SECRET = "gh-secret";
    private static boolean started;
    /** A stack that failed to start fails every test class at once instead of being started again per class. */
    private static IllegalStateException failure;

    private Stack() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path runDir = root.resolve("e2e/target/run");
        Map<String, String> env = new HashMap<>();
        env.put("RUN_DIR", runDir.toString());
        env.put("SKIP_BUILD", "1");
        env.put("PORT_BASE", String.valueOf(PORT_BASE));
        env.put("KAFKA_PORT", String.valueOf(PORT_BASE + 1012));
        env.put("PG_PORT", String.valueOf(PORT_BASE - 2648));
        env.put("DRIVER_EVENT_RECEIVER_URL", DriverReceiver.url());
        env.put("DRIVER_WEBHOOK_SECRET", DriverReceiver.SECRET);
        env.put("METASTORE_JWT_SECRET", METASTORE_SECRET);
        env.put("LOOMIO_API_BASE_URL", FakeLoomio.url());
        // traces on, to the test's own collector (ObservabilityIT), exported within a fraction of a second
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", OtlpReceiver.endpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        // the GitHub App's webhook secret: every GitHub hook is checked against it (issue 16)
        env.put("GITHUB_WEBHOOK_SECRET", GITHUB_WEBHOOK_SECRET);
        // a fresh system every run: what an earlier run left in the broker and the database would change the answers
        run(root, env, "stop");
        deleteRecursively(runDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(root, env, "stop")));
        try {
            run(root, env, "--detach");
        } catch (IllegalStateException e) {
            failure = e;
            throw e;
        }
        started = true;
    }

    /** The administrator token {@code run.sh} wrote for this run ({@code .run/admin.token} of its run folder). */
    static String adminToken() {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        try {
            return Files.readString(root.resolve("e2e/target/run/admin.token")).trim();
        } catch (IOException e) {
            throw new IllegalStateException("run.sh wrote no admin token", e);
        }
    }

    private static void run(Path root, Map<String, String> env, String argument) {
        try {
            Path log = Files.createDirectories(root.resolve("e2e/target")).resolve("run-" + argument.replace("-", "") + ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", root.resolve("deploy/local/run.sh").toString(),
                    argument)).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(6, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("run.sh " + argument + " failed:\n" + Files.readString(log)
                        + tailOfLogs(root.resolve("e2e/target/run/logs").toFile()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("could not clear " + dir, e);
        }
    }

    private static String tailOfLogs(File logs) throws IOException {
        StringBuilder out = new StringBuilder();
        File[] files = logs.listFiles();
        if (files != null) {
            for (File f : files) {
                List<String> lines = Files.readAllLines(f.toPath());
                out.append("\n--- ").append(f.getName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        }
        return out.toString();
    }
}
