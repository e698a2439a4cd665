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
     * Objects are compared member by member, so a changed field yields one {@code replace} rather than a rewrite of
     * the document. Arrays are aligned on their longest common subsequence (as zjsonpatch and diff(1) do): inserting
     * one resource at the front is one {@code add}, and an element changed in place is diffed inside. Operations
     * apply in order (each index is valid after the operations before it).
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
            diffArrays(path, from, to, ops);
        } else {
            ops.add(op("replace", path, to));
        }
    }

    /** Above this many element pairs the LCS table costs too much memory: align by position instead. */
    private static final long MAX_LCS_CELLS = 4_000_000;

    private static void diffArrays(String path, JsonNode from, JsonNode to, ArrayNode ops) {
        int n = from.size();
        int m = to.size();
        if ((long) (n + 1) * (m + 1) > MAX_LCS_CELLS) {
            positional(path, from, to, ops);
            return;
        }
        // lcs[i][j]: length of the longest common subsequence of from[i..] and to[j..]
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = from.get(i).equals(to.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        int at = 0; // index in the array as the operations so far have left it
        while (i < n || j < m) {
            if (i < n && j < m && from.get(i).equals(to.get(j))) {
                i++;
                j++;
                at++;
            } else if (i < n && j < m && lcs[i][j] == lcs[i + 1][j + 1]) {
                diff(path + "/" + at, from.get(i), to.get(j), ops); // changed in place: neither side is kept
                i++;
                j++;
                at++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add(op("add", path + "/" + at, to.get(j)));
                j++;
                at++;
            } else {
                ops.add(op("remove", path + "/" + at, null));
                i++;
            }
        }
    }

    private static void positional(String path, JsonNode from, JsonNode to, ArrayNode ops) {
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
