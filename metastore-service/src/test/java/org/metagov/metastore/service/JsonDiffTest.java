package org.metagov.metastore.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import org.junit.jupiter.api.Test;

class JsonDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    /** A minimal RFC 6902 applier (add/remove/replace), to check that the patch really turns a into b. */
    private static JsonNode apply(JsonNode doc, ArrayNode patch) {
        JsonNode result = doc.deepCopy();
        for (JsonNode op : patch) {
            String[] tokens = op.get("path").asText().substring(1).split("/", -1);
            JsonNode parent = result;
            for (int i = 0; i < tokens.length - 1; i++) {
                String t = unescape(tokens[i]);
                parent = parent.isArray() ? parent.get(Integer.parseInt(t)) : parent.get(t);
            }
            String last = unescape(tokens[tokens.length - 1]);
            String kind = op.get("op").asText();
            if (parent.isArray()) {
                ArrayNode array = (ArrayNode) parent;
                int index = Integer.parseInt(last);
                switch (kind) {
                    case "add" -> array.insert(index, op.get("value"));
                    case "remove" -> array.remove(index);
                    default -> array.set(index, op.get("value"));
                }
            } else {
                var object = (com.fasterxml.jackson.databind.node.ObjectNode) parent;
                if (kind.equals("remove")) {
                    object.remove(last);
                } else {
                    object.set(last, op.get("value"));
                }
            }
        }
        return result;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    @Test
    void patchTurnsOneDocumentIntoTheOther() throws Exception {
        List<String[]> cases = List.of(
                new String[] { "{'a':1}", "{'a':1}" },
                new String[] { "{'a':1,'b':2}", "{'a':3,'c':4}" },
                new String[] { "{'x':{'y':[1,2,3]}}", "{'x':{'y':[1,5]}}" },
                new String[] { "{'x':[1]}", "{'x':[1,2,3]}" },
                new String[] { "{'x':[1,2,3,4]}", "{'x':[]}" },
                new String[] { "{'a/b':1,'c~d':2}", "{'a/b':2}" },
                new String[] { "{'t':'s'}", "{'t':{'nested':true}}" },
                new String[] { "{'r':[{'name':'a','bytes':1},{'name':'b'}]}", "{'r':[{'name':'a','bytes':2}]}" },
                new String[] { "{'r':[1,2,3,4,5]}", "{'r':[0,2,9,4,6,7]}" },
                new String[] { "{'r':[[1,2],[3]]}", "{'r':[[3],[1,2],[4]]}" },
                new String[] { "{'r':[1,1,2]}", "{'r':[2,1,1,1]}" });
        for (String[] c : cases) {
            JsonNode a = json(c[0]);
            JsonNode b = json(c[1]);
            ArrayNode patch = JsonDiff.patch(a, b);
            assertEquals(b, apply(a, patch), c[0] + " -> " + c[1] + " via " + patch);
        }
        assertEquals(0, JsonDiff.patch(json("{'a':[1,{'b':2}]}"), json("{'a':[1,{'b':2}]}")).size());
        assertEquals(json("[{'op':'replace','path':'/a','value':2}]"), JsonDiff.patch(json("{'a':1}"), json("{'a':2}")));
        assertEquals(json("[{'op':'remove','path':'/a~1b'},{'op':'add','path':'/c~0d','value':1}]"),
                JsonDiff.patch(json("{'a/b':0}"), json("{'c~d':1}")));
    }

    /** Arrays are aligned on their longest common subsequence, not position by position. */
    @Test
    void insertingOrRemovingOneResourceIsOneOperation() throws Exception {
        String two = "{'resources':[{'name':'a','path':'a.csv'},{'name':'b','path':'b.csv'}]}";
        assertEquals(json("[{'op':'add','path':'/resources/0','value':{'name':'new'}}]"), JsonDiff.patch(json(two),
                json("{'resources':[{'name':'new'},{'name':'a','path':'a.csv'},{'name':'b','path':'b.csv'}]}")));
        assertEquals(json("[{'op':'remove','path':'/resources/0'}]"),
                JsonDiff.patch(json(two), json("{'resources':[{'name':'b','path':'b.csv'}]}")));
        assertEquals(json("[{'op':'replace','path':'/resources/1/path','value':'c.csv'}]"),
                JsonDiff.patch(json(two), json("{'resources':[{'name':'a','path':'a.csv'},{'name':'b','path':'c.csv'}]}")));
    }

    @Test
    void resourcesAreMatchedByNameThenPath() throws Exception {
        JsonNode a = json("{'resources':[{'name':'kept','x':1},{'name':'changed','x':1},{'name':'gone'},"
                + "{'path':'p.csv'},{'path':'q.csv','x':1}]}");
        JsonNode b = json("{'resources':[{'name':'changed','x':2},{'name':'kept','x':1},{'name':'new'},"
                + "{'path':'q.csv','x':2},{'path':'r.csv'}]}");
        Views.ResourceChanges changes = JsonDiff.resources(a, b);
        assertEquals(List.of("new", "r.csv"), changes.added());
        assertEquals(List.of("gone", "p.csv"), changes.removed());
        assertEquals(List.of("changed", "q.csv"), changes.changed());
        Views.ResourceChanges none = JsonDiff.resources(json("{}"), json("{'resources':'not a list'}"));
        assertEquals(List.of(), none.added());
        assertEquals(List.of(), none.removed());
        assertEquals(List.of(), none.changed());
    }
}
