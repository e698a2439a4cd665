package org.metagov.metastore.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Three-way merge of two datapackages on their JSON structure: objects member by member, {@code /resources}
 * resource by resource (matched by {@code name}), any other array as one value. A change on one side only is
 * taken; the same change on both sides is taken once; different changes to the same place are a conflict, which a
 * strategy resolves by taking that side's value (a removal included). {@code null} stands for "absent".
 */
final class ThreeWayMerge {

    enum Strategy {
        NONE, OURS, THEIRS
    }

    /** A place both sides changed differently; absent values are left out of the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Conflict(String path, JsonNode base, JsonNode ours, JsonNode theirs) {
    }

    record Result(ObjectNode merged, List<Conflict> conflicts) {
    }

    private final Strategy strategy;
    private final List<Conflict> conflicts = new ArrayList<>();

    private ThreeWayMerge(Strategy strategy) {
        this.strategy = strategy;
    }

    static Result merge(ObjectNode base, ObjectNode ours, ObjectNode theirs, Strategy strategy) {
        ThreeWayMerge merge = new ThreeWayMerge(strategy);
        JsonNode merged = merge.merge("", base, ours, theirs);
        return new Result((ObjectNode) merged, List.copyOf(merge.conflicts));
    }

    private JsonNode merge(String path, JsonNode base, JsonNode ours, JsonNode theirs) {
        if (same(ours, theirs)) {
            return ours;
        }
        if (same(base, ours)) {
            return theirs;
        }
        if (same(base, theirs)) {
            return ours;
        }
        if (isObject(ours) && isObject(theirs) && (base == null || base.isObject())) {
            return mergeObjects(path, base == null ? JsonNodeFactory.instance.objectNode() : base, ours, theirs);
        }
        if (path.equals("/resources") && named(ours) && named(theirs)) {
            return mergeResources(path, named(base) ? base : JsonNodeFactory.instance.arrayNode(), ours, theirs);
        }
        conflicts.add(new Conflict(path.isEmpty() ? "" : path, base, ours, theirs));
        return strategy == Strategy.THEIRS ? theirs : ours;
    }

    private ObjectNode mergeObjects(String path, JsonNode base, JsonNode ours, JsonNode theirs) {
        Set<String> keys = new LinkedHashSet<>();
        ours.fieldNames().forEachRemaining(keys::add);
        theirs.fieldNames().forEachRemaining(keys::add);
        base.fieldNames().forEachRemaining(keys::add);
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (String key : keys) {
            JsonNode value = merge(path + "/" + escape(key), base.get(key), ours.get(key), theirs.get(key));
            if (value != null) {
                merged.set(key, value);
            }
        }
        return merged;
    }

    /** Resources in our order, then theirs that are new; a conflict's pointer uses the index on our side. */
    private ArrayNode mergeResources(String path, JsonNode base, JsonNode ours, JsonNode theirs) {
        Map<String, JsonNode> b = byName(base);
        Map<String, JsonNode> o = byName(ours);
        Map<String, JsonNode> t = byName(theirs);
        Set<String> names = new LinkedHashSet<>(o.keySet());
        names.addAll(t.keySet());
        names.addAll(b.keySet());
        List<String> ourOrder = new ArrayList<>(o.keySet());
        List<String> theirOrder = new ArrayList<>(t.keySet());
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        for (String name : names) {
            int index = ourOrder.contains(name) ? ourOrder.indexOf(name) : theirOrder.indexOf(name);
            JsonNode value = merge(path + "/" + Math.max(index, 0), b.get(name), o.get(name), t.get(name));
            if (value != null) {
                merged.add(value);
            }
        }
        return merged;
    }

    private static Map<String, JsonNode> byName(JsonNode resources) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        resources.forEach(resource -> map.put(resource.get("name").asText(), resource));
        return map;
    }

    /** An array of objects that each have a distinct textual {@code name}. */
    private static boolean named(JsonNode node) {
        if (node == null || !node.isArray()) {
            return false;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            JsonNode resource = it.next();
            if (!resource.isObject() || !resource.path("name").isTextual() || !names.add(resource.get("name").asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isObject(JsonNode node) {
        return node != null && node.isObject();
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return a == null ? b == null : a.equals(b);
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
