package org.metagov.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * Every workload's probes and graceful shutdown: Quarkus' shutdown delay is enabled in the service (a build-time
 * setting) and the preStop sleep, the delay and the timeout fit in terminationGracePeriodSeconds, so a rolling
 * update lets in-flight requests finish. And what day two needs: Kafka and PostgreSQL pinned, backups scheduled.
 */
class WorkloadsTest {

    /** Left between the end of the shutdown timeout and the kubelet's SIGKILL. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    final Manifests manifests = Manifests.of("base", "components/trusted-callers");

    @Test
    void everyContainerHasStartupReadinessAndLivenessProbesOnQuarkusHealth() {
        manifests.workloads().forEach((name, w) -> {
            for (JsonNode c : w.at("/spec/template/spec/containers")) {
                assertEquals("/q/health/started", c.at("/startupProbe/httpGet/path").asText(), name);
                assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText(), name);
                assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText(), name);
            }
        });
    }

    @Test
    void theShutdownDelayAndTimeoutFitInTheGracePeriod() throws IOException {
        Map<String, String> shared = sharedConfig();
        assertEquals(7, manifests.workloads().size(), "the six services and the trusted gateway");
        for (var entry : manifests.workloads().entrySet()) {
            String name = entry.getKey();
            JsonNode spec = entry.getValue().at("/spec/template/spec");
            JsonNode c = spec.at("/containers/0");
            Map<String, String> env = new HashMap<>();
            if (c.toString().contains("metagov-config")) {
                env.putAll(shared);
            }
            for (JsonNode e : c.path("env")) {
                if (e.has("value")) {
                    env.put(e.path("name").asText(), e.path("value").asText());
                }
            }
            assertTrue(env.containsKey("QUARKUS_SHUTDOWN_DELAY"), name + ": no QUARKUS_SHUTDOWN_DELAY");
            assertTrue(env.containsKey("QUARKUS_SHUTDOWN_TIMEOUT"), name + ": no QUARKUS_SHUTDOWN_TIMEOUT");
            Duration preStop = Duration.ZERO;
            JsonNode command = c.at("/lifecycle/preStop/exec/command");
            if (command.size() == 2 && "sleep".equals(command.get(0).asText())) {
                preStop = Duration.ofSeconds(command.get(1).asLong());
            }
            Duration needed = preStop.plus(duration(env.get("QUARKUS_SHUTDOWN_DELAY")))
                    .plus(duration(env.get("QUARKUS_SHUTDOWN_TIMEOUT"))).plus(MARGIN);
            Duration grace = Duration.ofSeconds(spec.path("terminationGracePeriodSeconds").asLong(30));
            assertTrue(needed.compareTo(grace) <= 0, name + ": preStop " + preStop + " + delay + timeout + margin = "
                    + needed + " exceed terminationGracePeriodSeconds " + grace);
            String module = name.equals("gateway-trusted") ? "gateway-service" : name;
            String props = Files.readString(Manifests.ROOT.resolve(module + "/src/main/resources/application.properties"));
            assertTrue(props.contains("\nquarkus.shutdown.delay-enabled=true"),
                    module + " does not enable quarkus.shutdown.delay (build time), so QUARKUS_SHUTDOWN_DELAY is ignored");
        }
        // the gateway waits up to 25 s for an action: its in-flight requests get longer than that
        assertTrue(duration(env(manifests.get("Deployment", "gateway-service"), "QUARKUS_SHUTDOWN_TIMEOUT"))
                .compareTo(Duration.ofSeconds(25)) > 0);
    }

    @Test
    void kafkaAndPostgresqlArePinnedAndBackedUp() {
        JsonNode kafka = manifests.get("Kafka", "metagov");
        assertTrue(kafka.at("/spec/kafka/version").asText().matches("\\d+\\.\\d+\\.\\d+"), "Kafka version not pinned");
        assertFalse(kafka.at("/spec/kafka/metadataVersion").asText().isEmpty());
        assertEquals("jmxPrometheusExporter", kafka.at("/spec/kafka/metricsConfig/type").asText());
        String metricsMap = kafka.at("/spec/kafka/metricsConfig/valueFrom/configMapKeyRef/name").asText();
        assertTrue(manifests.find("ConfigMap", metricsMap).isPresent(), "no ConfigMap " + metricsMap);
        assertTrue(kafka.at("/spec").has("kafkaExporter"), "no Kafka Exporter (consumer lag)");

        JsonNode pg = manifests.get("Cluster", "metagov-pg");
        assertTrue(pg.at("/spec/imageName").asText().matches(".+:\\d+\\.\\d+.*"), "PostgreSQL image not pinned");
        JsonNode backup = manifests.all("ScheduledBackup").get(0);
        assertEquals("metagov-pg", backup.at("/spec/cluster/name").asText());
        JsonNode store = manifests.get("ObjectStore", pg.at("/spec/plugins/0/parameters/barmanObjectName").asText());
        String secret = store.at("/spec/configuration/s3Credentials/accessKeyId/name").asText();
        assertTrue(Manifests.kustomization("base").path("secretGenerator").toString().contains("\"" + secret + "\""),
                "the object store's credentials are not a Secret of the base");
    }

    @Test
    void everythingHasAPodMonitor() {
        Manifests monitors = Manifests.of("components/podmonitor");
        assertEquals(4, monitors.all("PodMonitor").size(), "services, Kafka brokers, Kafka Exporter, PostgreSQL");
        manifests.workloads().forEach((name, w) -> {
            if (!name.equals("gateway-trusted")) {
                assertTrue(monitors.all("PodMonitor").stream().anyMatch(m -> Manifests.selects(m.at("/spec/selector"),
                        Manifests.podLabels(w))), name + " has no PodMonitor");
            }
        });
    }

    private static String env(JsonNode workload, String name) {
        for (JsonNode e : workload.at("/spec/template/spec/containers/0/env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError(name + " not set");
    }

    /** The base's metagov-config literals. */
    private static Map<String, String> sharedConfig() {
        Map<String, String> config = new HashMap<>();
        for (JsonNode generator : Manifests.kustomization("base").path("configMapGenerator")) {
            if ("metagov-config".equals(generator.path("name").asText())) {
                for (JsonNode literal : generator.path("literals")) {
                    String[] kv = literal.asText().split("=", 2);
                    config.put(kv[0], kv[1]);
                }
            }
        }
        return config;
    }

    /** Quarkus' duration form as these manifests use it: "20s", "3s", "1m". */
    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> throw new AssertionError("duration " + text);
        };
    }
}
