package org.metagov.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The manifests a kustomization names, read without kustomize: its {@code resources} (files, or directories with a
 * kustomization of their own) and its components' resources, recursively. Patches are not applied (the tests read
 * what a patch adds from the patch itself), nor are name prefixes or hashes (the base uses none but the generators').
 */
final class Manifests {

    static final Path K8S = Path.of("../k8s").toAbsolutePath().normalize();
    static final Path ROOT = K8S.getParent();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<JsonNode> documents;

    private Manifests(List<JsonNode> documents) {
        this.documents = documents;
    }

    /** A kustomization directory under k8s/, e.g. "base" or "components/trusted-callers". */
    static Manifests of(String... directories) {
        List<JsonNode> all = new ArrayList<>();
        for (String directory : directories) {
            collect(K8S.resolve(directory), all);
        }
        return new Manifests(all);
    }

    static JsonNode kustomization(String directory) {
        return read(K8S.resolve(directory).resolve("kustomization.yaml")).get(0);
    }

    List<JsonNode> all(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return all(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** Deployments and StatefulSets by name. */
    Map<String, JsonNode> workloads() {
        Map<String, JsonNode> workloads = new TreeMap<>();
        for (String kind : List.of("Deployment", "StatefulSet")) {
            all(kind).forEach(d -> workloads.put(d.path("metadata").path("name").asText(), d));
        }
        return workloads;
    }

    /** The labels of a workload's pods. */
    static JsonNode podLabels(JsonNode workload) {
        return workload.path("spec").path("template").path("metadata").path("labels");
    }

    /** A Kubernetes label selector (matchLabels, matchExpressions In/NotIn/Exists) against labels. */
    static boolean selects(JsonNode selector, JsonNode labels) {
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String have = labels.path(expr.path("key").asText()).asText(null);
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            switch (expr.path("operator").asText()) {
                case "In" -> {
                    if (!values.contains(have)) {
                        return false;
                    }
                }
                case "NotIn" -> {
                    if (values.contains(have)) {
                        return false;
                    }
                }
                case "Exists" -> {
                    if (have == null) {
                        return false;
                    }
                }
                default -> throw new AssertionError("operator " + expr);
            }
        }
        return true;
    }

    private static void collect(Path directory, List<JsonNode> into) {
        JsonNode k = read(directory.resolve("kustomization.yaml")).get(0);
        for (JsonNode resource : k.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                collect(path, into);
            } else {
                into.addAll(read(path));
            }
        }
        for (JsonNode component : k.path("components")) {
            collect(directory.resolve(component.asText()).normalize(), into);
        }
    }

    static List<JsonNode> read(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> out = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
