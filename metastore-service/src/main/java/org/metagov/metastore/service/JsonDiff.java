package org.metagov.metastore.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Differences between two datapackages: an RFC 6902 JSON Patch that turns {@code from} into {@code to}, and
 * the resources added, removed and changed (resources are matched by {@code name}, else by {@code path}).
 */
final class JsonDiff {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonDiff() {
    }

    /**
     * Objects are compared member by member and arrays element by element (trailing elements added or
     * removed), so a changed field yields one {@code replace} rather than a rewrite of the document.
     * Operations apply in order: array removals go from the highest index down.
     */
    static ArrayNode patch(JsonNode from, JsonNode to) {
        ArrayNode ops = JSON.arrayNode();
        diff("", from, to, ops);
        return ops;
    }

    private static void diff(String path, JsonNode from, JsonNode to, ArrayNode ops) {
        if (from.equals(to)) {
            return;
        }
        if (from.isObject() && to.isObject()) {
            for (Iterator<String> it = from.fieldNames(); it.hasNext();) {
                String key = it.next();
                if (!to.has(key)) {
                    ops.add(op("remove", path + "/" + escape(key), null));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                String child = path + "/" + escape(member.getKey());
                if (from.has(member.getKey())) {
                    diff(child, from.get(member.getKey()), member.getValue(), ops);
                } else {
                    ops.add(op("add", child, member.getValue()));
                }
            }
        } else if (from.isArray() && to.isArray()) {
            int common = Math.min(from.size(), to.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, from.get(i), to.get(i), ops);
            }
            for (int i = from.size() - 1; i >= common; i--) {
                ops.add(op("remove", path + "/" + i, null));
            }
            for (int i = common; i < to.size(); i++) {
                ops.add(op("add", path + "/" + i, to.get(i)));
            }
        } else {
            ops.add(op("replace", path, to));
        }
    }

    private static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode node = JSON.objectNode().put("op", op).put("path", path);
        if (value != null) {
            node.set("value", value.deepCopy());
        }
        return node;
    }

    /** RFC 6901: '~' becomes '~0' and '/' becomes '~1'. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    static Views.ResourceChanges resources(JsonNode from, JsonNode to) {
        Map<String, JsonNode> before = byKey(from);
        Map<String, JsonNode> after = byKey(to);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        after.forEach((key, resource) -> {
            if (!before.containsKey(key)) {
                added.add(key);
            } else if (!before.get(key).equals(resource)) {
                changed.add(key);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(removed::add);
        return new Views.ResourceChanges(added, removed, changed);
    }

    private static Map<String, JsonNode> byKey(JsonNode datapackage) {
        Map<String, JsonNode> resources = new LinkedHashMap<>();
        JsonNode list = datapackage.get("resources");
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode r = list.get(i);
                String key = r.path("name").isTextual() ? r.get("name").asText()
                        : r.path("path").isTextual() ? r.get("path").asText() : "#" + i;
                resources.putIfAbsent(key, r);
            }
        }
        return resources;
    }
}
