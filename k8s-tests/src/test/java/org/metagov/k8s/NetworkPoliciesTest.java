package org.metagov.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/**
 * The namespace's isolation as the NetworkPolicies (and Strimzi's listener peers) say it: default deny both ways;
 * only the gateways reach community-service and process-service; only the services reach PostgreSQL and Kafka;
 * only plugin-runner, event-dispatcher and process-service call out to the world.
 */
class NetworkPoliciesTest {

    static final Set<String> KAFKA_CLIENTS = Set.of("gateway-service", "community-service", "plugin-runner-service",
            "process-service", "event-dispatcher");
    static final Set<String> WITH_DATABASE = Set.of("community-service", "plugin-runner-service", "process-service",
            "event-dispatcher");

    final Manifests manifests = Manifests.of("base", "components/trusted-callers");
    final Map<String, JsonNode> workloads = manifests.workloads();

    @Test
    void everyPodIsDeniedIngressAndEveryServiceEgressByDefault() {
        JsonNode ingress = manifests.get("NetworkPolicy", "default-deny-ingress");
        assertTrue(ingress.at("/spec/podSelector").isEmpty(), "default-deny-ingress does not select every pod");
        assertEquals("[\"Ingress\"]", ingress.at("/spec/policyTypes").toString());
        assertFalse(ingress.at("/spec").has("ingress"));
        JsonNode egress = manifests.get("NetworkPolicy", "default-deny-egress");
        assertFalse(egress.at("/spec").has("egress"));
        for (var w : workloads.entrySet()) {
            assertTrue(Manifests.selects(egress.at("/spec/podSelector"), Manifests.podLabels(w.getValue())),
                    "default-deny-egress does not cover " + w.getKey());
        }
    }

    @Test
    void onlyTheGatewaysReachCommunityServiceAndProcessService() {
        for (String owner : List.of("community-service", "process-service")) {
            Set<String> from = admittedWorkloads(Manifests.podLabels(workloads.get(owner)));
            assertEquals(Set.of("gateway-service", "gateway-trusted"), from, owner + " is reached by " + from);
        }
    }

    @Test
    void onlyCommunityServiceReachesThePluginRunnersConfigChecks() {
        JsonNode runner = Manifests.podLabels(workloads.get("plugin-runner-service"));
        assertEquals(Set.of("community-service"), admittedWorkloads(runner));
        assertEquals(Set.of("community-service"), egressTo(runner, 8082));
    }

    @Test
    void onlyTheServicesWithADatabaseReachPostgresql() {
        ObjectNode pgPod = JsonNodeFactory.instance.objectNode().put("cnpg.io/cluster", "metagov-pg");
        assertEquals(WITH_DATABASE, admittedWorkloads(pgPod));
        Set<String> egress = egressTo(pgPod, 5432);
        assertEquals(WITH_DATABASE, egress, "egress to PostgreSQL");
    }

    @Test
    void onlyTheKafkaClientsReachKafka() {
        JsonNode kafka = manifests.get("Kafka", "metagov");
        Set<String> admitted = new TreeSet<>();
        for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
            assertFalse(listener.path("networkPolicyPeers").isEmpty(), "listener " + listener.path("name")
                    + " admits every pod");
            for (var w : workloads.entrySet()) {
                for (JsonNode peer : listener.path("networkPolicyPeers")) {
                    if (Manifests.selects(peer.path("podSelector"), Manifests.podLabels(w.getValue()))) {
                        admitted.add(w.getKey());
                    }
                }
            }
        }
        // the trusted gateway is admitted by the component's patch of the listener (patches are not applied here)
        assertEquals(KAFKA_CLIENTS, admitted);
        String patches = Manifests.kustomization("components/trusted-callers").path("patches").toString();
        assertTrue(patches.contains("networkPolicyPeers") && patches.contains("value: gateway-trusted"),
                "components/trusted-callers does not admit gateway-trusted to Kafka");
        Set<String> expected = new TreeSet<>(KAFKA_CLIENTS);
        expected.add("gateway-trusted");
        ObjectNode broker = JsonNodeFactory.instance.objectNode().put("strimzi.io/cluster", "metagov");
        assertEquals(expected, egressTo(broker, 9092), "egress to Kafka");
    }

    @Test
    void onlyTheRunnerTheDispatcherAndProcessServiceCallOutToTheWorld() {
        Set<String> out = new TreeSet<>();
        for (JsonNode policy : manifests.all("NetworkPolicy")) {
            for (JsonNode rule : policy.at("/spec/egress")) {
                for (JsonNode peer : rule.path("to")) {
                    if (peer.has("ipBlock")) {
                        workloads.forEach((name, w) -> {
                            if (Manifests.selects(policy.at("/spec/podSelector"), Manifests.podLabels(w))) {
                                out.add(name);
                            }
                        });
                    }
                }
            }
        }
        assertEquals(Set.of("plugin-runner-service", "event-dispatcher", "process-service"), out);
    }

    /** The workloads some ingress rule of a policy selecting {@code pod} admits (from this namespace). */
    private Set<String> admittedWorkloads(JsonNode pod) {
        Set<String> admitted = new TreeSet<>();
        for (JsonNode policy : manifests.all("NetworkPolicy")) {
            if (!Manifests.selects(policy.at("/spec/podSelector"), pod)) {
                continue;
            }
            for (JsonNode rule : policy.at("/spec/ingress")) {
                if (!rule.has("from")) {
                    admitted.add("anyone (" + policy.at("/metadata/name").asText() + ")");
                }
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("namespaceSelector") || !peer.has("podSelector")) {
                        assertTrue(peer.has("namespaceSelector"), policy.at("/metadata/name") + " admits anyone");
                        continue; // another namespace (monitoring, an operator)
                    }
                    workloads.forEach((name, w) -> {
                        if (Manifests.selects(peer.path("podSelector"), Manifests.podLabels(w))) {
                            admitted.add(name);
                        }
                    });
                }
            }
        }
        return admitted;
    }

    /** The workloads some egress rule lets reach {@code pod} on {@code port}. */
    private Set<String> egressTo(JsonNode pod, int port) {
        Set<String> from = new TreeSet<>();
        for (JsonNode policy : manifests.all("NetworkPolicy")) {
            for (JsonNode rule : policy.at("/spec/egress")) {
                boolean portOk = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    portOk |= p.path("port").asInt() == port;
                }
                List<JsonNode> peers = new ArrayList<>();
                rule.path("to").forEach(peers::add);
                boolean reaches = portOk && peers.stream().anyMatch(peer -> peer.has("podSelector")
                        && !peer.has("namespaceSelector") && Manifests.selects(peer.path("podSelector"), pod));
                if (reaches) {
                    workloads.forEach((name, w) -> {
                        if (Manifests.selects(policy.at("/spec/podSelector"), Manifests.podLabels(w))) {
                            from.add(name);
                        }
                    });
                }
            }
        }
        return from;
    }
}
