package org.metagov.metastore.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.metastore.api.DatasetApiContract.OWNER;
import static org.metagov.metastore.api.DatasetApiContract.assertError;
import static org.metagov.metastore.api.DatasetApiContract.create;
import static org.metagov.metastore.api.DatasetApiContract.pkg;
import static org.metagov.metastore.api.DatasetApiContract.put;
import static org.metagov.metastore.api.DatasetApiContract.revisionIds;
import static org.metagov.metastore.api.DatasetApiContract.unique;
import static org.metagov.metastore.support.Api.admin;
import static org.metagov.metastore.support.Api.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.Tokens;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Branches, merges, text diffs, the change feed and the audit log as a client sees them, run against every backend
 * (mixed into each backend's test class next to {@link DatasetApiContract}).
 */
public interface BranchMergeContract {

    String SHA = "c".repeat(64);

    private static String branch(String name, String branch, String from) {
        Map<String, Object> body = from == null ? Map.of("name", branch) : Map.of("name", branch, "from", from);
        return admin().body(body).post("/api/datasets/{o}/{n}/branches", OWNER, name).then().statusCode(201)
                .body("name", equalTo(branch)).extract().path("revision");
    }

    private static String putOn(String name, String branch, Map<String, Object> datapackage) {
        return admin().queryParam("branch", branch).body(Map.of("datapackage", datapackage, "message", "on " + branch))
                .put("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200).extract().path("revision.id");
    }

    private static Response merge(String name, Map<String, Object> body) {
        return admin().body(body).post("/api/datasets/{o}/{n}/merge", OWNER, name);
    }

    private static Map<String, Object> resource(String name, String path) {
        return pkg("name", name, "path", path);
    }

    @Test
    default void branchesAreCreatedWrittenReadAndDeleted() {
        String name = unique("br");
        String r1 = create(OWNER, name, pkg("title", "one"));
        admin().get("/api/datasets/{o}/{n}/branches", OWNER, name).then().statusCode(200)
                .body("branches.name", equalTo(List.of("main"))).body("branches[0].revision", equalTo(r1));
        assertEquals(r1, branch(name, "staging", null));
        assertError(admin().body(Map.of("name", "staging")).post("/api/datasets/{o}/{n}/branches", OWNER, name), 409,
                "conflict");
        assertError(admin().body(Map.of("name", "main")).post("/api/datasets/{o}/{n}/branches", OWNER, name), 409,
                "conflict");
        for (String bad : List.of("a/b", "..", "x.lock", "with space", "a".repeat(40))) {
            assertError(admin().body(Map.of("name", bad)).post("/api/datasets/{o}/{n}/branches", OWNER, name), 400,
                    "invalid_branch_name");
        }
        assertError(admin().body(Map.of("name", "x", "from", "nope")).post("/api/datasets/{o}/{n}/branches", OWNER,
                name), 404, "revision_not_found");

        String s1 = putOn(name, "staging", pkg("title", "staged"));
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().body("revision.id", equalTo(r1))
                .body("datapackage.title", equalTo("one"));
        admin().queryParam("branch", "staging").get("/api/datasets/{o}/{n}", OWNER, name).then()
                .header("ETag", "\"" + s1 + "\"").body("datapackage.title", equalTo("staged"));
        admin().queryParam("ref", "staging").get("/api/datasets/{o}/{n}", OWNER, name).then()
                .body("revision.id", equalTo(s1)).body("revision.parents", equalTo(List.of(r1)));
        assertError(admin().queryParam("ref", r1).queryParam("branch", "staging").get("/api/datasets/{o}/{n}", OWNER,
                name), 400, "bad_request");
        admin().queryParam("branch", "staging").get("/api/datasets/{o}/{n}/revisions", OWNER, name).then()
                .body("revisions.id", equalTo(List.of(s1, r1)));
        assertEquals(List.of(r1), revisionIds(OWNER, name));
        admin().get("/api/datasets/{o}/{n}/branches/staging", OWNER, name).then().statusCode(200)
                .body("revision", equalTo(s1));

        // compare-and-swap per branch: main's head is stale on staging
        assertError(admin().queryParam("branch", "staging").header("If-Match", "\"" + r1 + "\"")
                .body(Map.of("datapackage", pkg("title", "late"))).put("/api/datasets/{o}/{n}", OWNER, name), 412,
                "precondition_failed");
        admin().queryParam("branch", "staging").header("If-Match", "\"" + s1 + "\"")
                .body(Map.of("datapackage", pkg("title", "guarded"))).patch("/api/datasets/{o}/{n}", OWNER, name)
                .then().statusCode(200);
        assertError(admin().queryParam("branch", "nope").body(Map.of("datapackage", pkg()))
                .put("/api/datasets/{o}/{n}", OWNER, name), 404, "branch_not_found");

        // revert and tags on a branch
        admin().queryParam("branch", "staging").body(Map.of("ref", r1)).post("/api/datasets/{o}/{n}/revert", OWNER,
                name).then().statusCode(200).body("datapackage.title", equalTo("one"));
        String stagingHead = admin().get("/api/datasets/{o}/{n}/branches/staging", OWNER, name).path("revision");
        admin().queryParam("branch", "staging").body(Map.of("name", "staged-v1"))
                .post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201)
                .body("revision", equalTo(stagingHead));
        // a branch and a tag never share a name
        assertError(admin().body(Map.of("name", "staged-v1")).post("/api/datasets/{o}/{n}/branches", OWNER, name),
                409, "conflict");
        assertError(admin().body(Map.of("name", "staging")).post("/api/datasets/{o}/{n}/tags", OWNER, name), 409,
                "conflict");

        assertError(admin().delete("/api/datasets/{o}/{n}/branches/main", OWNER, name), 409, "conflict");
        admin().delete("/api/datasets/{o}/{n}/branches/staging", OWNER, name).then().statusCode(204);
        assertError(admin().get("/api/datasets/{o}/{n}/branches/staging", OWNER, name), 404, "branch_not_found");
        assertError(admin().delete("/api/datasets/{o}/{n}/branches/staging", OWNER, name), 404, "branch_not_found");
        // its revisions stay readable by id
        admin().queryParam("ref", s1).get("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200);
    }

    @Test
    default void branchScopes() {
        String name = unique("brscope");
        String r1 = create(OWNER, name, pkg("title", "one"));
        String reader = Tokens.hs256("ds:" + OWNER + "/" + name + ":read");
        String updater = Tokens.hs256("ds:" + OWNER + "/" + name + ":read,update");
        assertError(as(reader).body(Map.of("name", "b")).post("/api/datasets/{o}/{n}/branches", OWNER, name), 403,
                "forbidden");
        as(updater).body(Map.of("name", "b")).post("/api/datasets/{o}/{n}/branches", OWNER, name).then()
                .statusCode(201);
        as(reader).get("/api/datasets/{o}/{n}/branches/b", OWNER, name).then().statusCode(200)
                .body("revision", equalTo(r1));
        assertError(as(updater).body(Map.of("from", "b")).post("/api/datasets/{o}/{n}/merge", OWNER, name), 403,
                "forbidden");
        as(Tokens.hs256("ds:" + OWNER + "/" + name + ":merge")).body(Map.of("from", "b"))
                .post("/api/datasets/{o}/{n}/merge", OWNER, name).then().statusCode(200)
                .body("result", equalTo("up-to-date"));
    }

    @Test
    default void aMergeFastForwardsWhenMainHasNotMoved() {
        String name = unique("ff");
        String r1 = create(OWNER, name, pkg("title", "one"));
        branch(name, "draft", r1);
        putOn(name, "draft", pkg("title", "two"));
        String d2 = putOn(name, "draft", pkg("title", "three"));
        merge(name, Map.of("from", "draft", "into", "main")).then().statusCode(200)
                .body("result", equalTo("fast-forward")).body("dataset.revision.id", equalTo(d2))
                .body("dataset.datapackage.title", equalTo("three"));
        assertEquals(d2, revisionIds(OWNER, name).get(0));
        assertEquals(3, revisionIds(OWNER, name).size());
        merge(name, Map.of("from", "draft")).then().statusCode(200).body("result", equalTo("up-to-date"))
                .body("dataset.revision.id", equalTo(d2));
        assertError(merge(name, Map.of()), 400, "bad_request");
        assertError(merge(name, Map.of("from", "nope")), 404, "revision_not_found");
        assertError(merge(name, Map.of("from", "draft", "into", "nope")), 404, "branch_not_found");
        assertError(merge(name, Map.of("from", "draft", "strategy", "mine")), 400, "bad_request");
    }

    @Test
    default void nonOverlappingChangesMergeIntoARevisionWithTwoParents() {
        String name = unique("merge");
        create(OWNER, name, pkg("title", "T", "description", "D", "keywords", List.of("a"),
                "resources", List.of(resource("one", "one.csv"), resource("two", "two.csv"))));
        branch(name, "edit", null);
        String ours = put(OWNER, name, pkg("title", "T2", "description", "D", "keywords", List.of("a"),
                "resources", List.of(resource("one", "one-v2.csv"), resource("two", "two.csv"))), "main edits");
        String theirs = putOn(name, "edit", pkg("title", "T", "description", "D2", "keywords", List.of("a"),
                "resources", List.of(resource("one", "one.csv"), resource("two", "two-v2.csv"),
                        resource("three", "three.csv"))));
        JsonPath merged = merge(name, Map.of("from", "edit", "message", "Publish the edit")).then().statusCode(200)
                .body("result", equalTo("merged")).extract().jsonPath();
        assertEquals(List.of(ours, theirs), merged.getList("dataset.revision.parents"));
        assertEquals("Publish the edit", merged.getString("dataset.revision.message"));
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then()
                .body("revision.id", equalTo(merged.getString("dataset.revision.id")))
                .body("revision.parents", equalTo(List.of(ours, theirs)))
                .body("datapackage.title", equalTo("T2")).body("datapackage.description", equalTo("D2"))
                .body("datapackage.resources.name", equalTo(List.of("one", "two", "three")))
                .body("datapackage.resources.path", equalTo(List.of("one-v2.csv", "two-v2.csv", "three.csv")));
    }

    @Test
    default void overlappingChangesAre409WithEachConflictAndAStrategyResolvesThem() {
        String name = unique("conflict");
        create(OWNER, name, pkg("title", "base", "keywords", List.of("a"), "resources",
                List.of(resource("r", "r.csv"))));
        branch(name, "edit", null);
        String ours = put(OWNER, name, pkg("title", "ours", "keywords", List.of("a", "b"), "resources",
                List.of(resource("r", "ours.csv"))), "main");
        putOn(name, "edit", pkg("title", "theirs", "keywords", List.of("c"), "resources",
                List.of(resource("r", "theirs.csv"))));
        JsonPath conflict = merge(name, Map.of("from", "edit")).then().statusCode(409)
                .body("error", equalTo("merge_conflict")).extract().jsonPath();
        assertEquals(List.of("/keywords", "/resources/0/path", "/title"),
                conflict.getList("conflicts.path", String.class).stream().sorted().toList());
        Map<String, Object> title = conflict.getMap("conflicts.find { it.path == '/title' }");
        assertEquals(Map.of("path", "/title", "base", "base", "ours", "ours", "theirs", "theirs"), title);
        assertEquals(List.of("a"), conflict.getList("conflicts.find { it.path == '/keywords' }.base"));
        assertTrue(conflict.getList("details").contains("/title"));
        assertEquals(ours, revisionIds(OWNER, name).get(0), "a conflicting merge writes nothing");

        merge(name, Map.of("from", "edit", "strategy", "theirs")).then().statusCode(200)
                .body("result", equalTo("merged")).body("dataset.datapackage.title", equalTo("theirs"))
                .body("dataset.datapackage.keywords", equalTo(List.of("c")))
                .body("dataset.datapackage.resources[0].path", equalTo("theirs.csv"));

        String other = unique("conflict-ours");
        create(OWNER, other, pkg("title", "base"));
        branch(other, "edit", null);
        put(OWNER, other, pkg("title", "ours"), "main");
        putOn(other, "edit", pkg("title", "theirs", "description", "added"));
        merge(other, Map.of("from", "edit", "strategy", "ours")).then().statusCode(200)
                .body("dataset.datapackage.title", equalTo("ours"))
                .body("dataset.datapackage.description", equalTo("added"));
    }

    @Test
    default void diffsAreReadable() {
        String name = unique("textdiff");
        String r1 = create(OWNER, name, pkg("title", "one", "resources", List.of(resource("a", "a.csv"))));
        String r2 = put(OWNER, name, pkg("title", "two", "resources", List.of(resource("new", "new.csv"),
                resource("a", "a.csv"))), "second");
        admin().queryParam("from", r1).get("/api/datasets/{o}/{n}/diff", OWNER, name).then().statusCode(200)
                .body("patch.findAll { it.path.startsWith('/resources') }.op", equalTo(List.of("add")))
                .body("patch.find { it.path == '/resources/0' }.value.name", equalTo("new"))
                .body("resources.added", equalTo(List.of("new")));
        String text = admin().queryParam("from", r1).queryParam("to", r2).queryParam("format", "text")
                .get("/api/datasets/{o}/{n}/diff", OWNER, name).then().statusCode(200)
                .contentType(startsWith("text/plain")).body(startsWith("--- a/datapackage.json"))
                .body(containsString("+++ b/datapackage.json")).extract().asString();
        assertTrue(text.contains("\n-  \"title\" : \"one\"") || text.contains("\n-  \"title\" : \"one\",")
                || text.lines().anyMatch(l -> l.startsWith("-") && l.contains("\"one\"")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("+") && l.contains("\"two\"")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("@@ ")), text);
        assertEquals("", admin().queryParam("from", r2).queryParam("format", "text")
                .get("/api/datasets/{o}/{n}/diff", OWNER, name).then().statusCode(200).extract().asString());
        assertError(admin().queryParam("from", r1).queryParam("format", "html").get("/api/datasets/{o}/{n}/diff",
                OWNER, name), 400, "bad_request");
    }

    /** The cursor at the end of the feed right now. */
    private static String feedEnd() {
        String cursor = null;
        for (int i = 0; i < 1000; i++) {
            var request = admin().queryParam("limit", 100);
            if (cursor != null) {
                request.queryParam("after", cursor);
            }
            JsonPath page = request.get("/api/changes").then().statusCode(200).extract().jsonPath();
            cursor = page.getString("next");
            if (page.getList("items").isEmpty()) {
                return cursor;
            }
        }
        throw new AssertionError("the feed does not end");
    }

    private static List<Map<String, Object>> feedSince(String token, String cursor, String dataset) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            JsonPath page = as(token).queryParam("after", cursor).queryParam("limit", 3).get("/api/changes").then()
                    .statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            if (items.isEmpty()) {
                return events;
            }
            items.stream().filter(e -> dataset.equals(e.get("dataset"))).forEach(events::add);
            cursor = page.getString("next");
        }
        throw new AssertionError("the feed does not end");
    }

    @Test
    default void everyCommittedChangeIsInTheFeedAndTheAuditLogKeepsWhoDidWhatAfterAPurge() {
        String cursor = feedEnd();
        String name = unique("feed");
        String dataset = OWNER + "/" + name;
        String r1 = create(OWNER, name, pkg("title", "one"));
        String r2 = put(OWNER, name, pkg("title", "two"), "second");
        admin().body(Map.of("name", "v1")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
        branch(name, "edit", null);
        String e1 = putOn(name, "edit", pkg("title", "three"));
        merge(name, Map.of("from", "edit")).then().statusCode(200);
        String r3 = admin().body(Map.of("ref", r1)).post("/api/datasets/{o}/{n}/revert", OWNER, name).then()
                .statusCode(200).extract().path("revision.id");
        admin().delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        admin().queryParam("purge", "true").delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);

        List<Map<String, Object>> events = feedSince(Tokens.admin(), cursor, dataset);
        assertEquals(List.of("create", "update", "tag", "branch", "update", "merge", "revert", "delete", "purge"),
                events.stream().map(e -> e.get("kind")).toList(), events.toString());
        assertEquals(r1, events.get(0).get("revision"));
        assertEquals(List.of(), events.get(0).get("parents"));
        assertEquals("main", events.get(0).get("branch"));
        assertEquals(r2, events.get(1).get("revision"));
        assertEquals(List.of(r1), events.get(1).get("parents"));
        assertEquals("second", events.get(1).get("message"));
        assertEquals("Admin", ((Map<?, ?>) events.get(1).get("author")).get("name"));
        assertEquals("edit", events.get(4).get("branch"));
        assertEquals(e1, events.get(5).get("revision"), "a fast-forward merge moves main to the branch's head");
        assertEquals(r3, events.get(6).get("revision"));
        for (Map<String, Object> event : events) {
            assertTrue(event.get("time").toString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), event.toString());
            assertTrue(((Number) event.get("sequence")).longValue() > 0);
        }
        List<Long> sequences = events.stream().map(e -> ((Number) e.get("sequence")).longValue()).toList();
        assertEquals(sequences.stream().sorted().toList(), sequences);

        // only datasets the token may read
        assertEquals(List.of(), feedSince(Tokens.hs256("ds:" + OWNER + "/other-" + name + ":read"), cursor, dataset));
        assertEquals(events.size(), feedSince(Tokens.hs256("ds:" + OWNER + "/" + name + ":read"), cursor, dataset)
                .size());

        // the audit log: newest first, kept after the purge, for tokens that may delete
        JsonPath audit = admin().get("/api/datasets/{o}/{n}/audit", OWNER, name).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("purge", "delete", "merge", "branch", "tag"), audit.getList("items.kind"));
        assertEquals("alice-id", audit.getString("items[0].subject"));
        assertEquals("v1", audit.getString("items[4].detail.tag"));
        JsonPath first = admin().queryParam("limit", 2).get("/api/datasets/{o}/{n}/audit", OWNER, name).then()
                .extract().jsonPath();
        assertEquals(List.of("purge", "delete"), first.getList("items.kind"));
        admin().queryParam("limit", 2).queryParam("cursor", first.getString("next"))
                .get("/api/datasets/{o}/{n}/audit", OWNER, name).then().body("items.kind",
                        equalTo(List.of("merge", "branch")));
        assertError(as(Tokens.hs256("ds:" + OWNER + "/" + name + ":read")).get("/api/datasets/{o}/{n}/audit", OWNER,
                name), 403, "forbidden");
        assertError(admin().queryParam("after", "garbage").get("/api/changes"), 400, "invalid_cursor");
        assertNotEquals(cursor, feedEnd());
    }

    @Test
    default void searchRanksNameThenTitleThenKeywordsThenDescriptionAndFiltersAndPages() {
        String word = unique("zq").replace("-", "");
        String byDescription = unique("d");
        String byKeyword = unique("k");
        String byTitle = unique("t");
        String byName = word + "-n";
        create(OWNER, byDescription, pkg("title", "x", "description", "All about " + word + " here"));
        create(OWNER, byKeyword, pkg("title", "x", "keywords", List.of(word.toUpperCase(), "Weather")));
        create(OWNER, byTitle, pkg("title", "The " + word + " set"));
        create(DatasetApiContract.OTHER, byName, pkg("title", "x"));
        List<String> ranked = List.of(DatasetApiContract.OTHER + "/" + byName, OWNER + "/" + byTitle,
                OWNER + "/" + byKeyword, OWNER + "/" + byDescription);
        admin().queryParam("q", word).get("/api/datasets").then().statusCode(200).body("datasets.id", equalTo(ranked))
                .body("next", equalTo(null));
        // a prefix of a word matches too
        admin().queryParam("q", word.substring(0, word.length() - 1)).get("/api/datasets").then()
                .body("datasets.id", equalTo(ranked));
        admin().queryParam("q", word).queryParam("owner", OWNER).get("/api/datasets").then()
                .body("datasets.id", equalTo(ranked.subList(1, 4)));
        admin().queryParam("keyword", "weather").queryParam("q", word).get("/api/datasets").then()
                .body("datasets.id", equalTo(List.of(OWNER + "/" + byKeyword)));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = admin().queryParam("q", word).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/datasets").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("datasets.id"));
            cursor = page.getString("next");
        } while (cursor != null && seen.size() < 10);
        assertEquals(ranked, seen);
        // only what the token may read; an update is searchable at once
        as(Tokens.hs256("ds:" + OWNER + "/*:read")).queryParam("q", word).get("/api/datasets").then()
                .body("datasets.id", equalTo(ranked.subList(1, 4)));
        put(OWNER, byDescription, pkg("title", "x"), "no longer about it");
        admin().queryParam("q", word).get("/api/datasets").then().body("datasets.id", equalTo(ranked.subList(0, 3)));
        assertError(admin().queryParam("q", word).queryParam("cursor", "bm90IGEgY3Vyc29y").get("/api/datasets"), 400,
                "invalid_cursor");
    }

    /** Found by fuzzing: names some file systems read as '.git', and preconditions that meant nothing. */
    @Test
    default void gitDirectoryAliasesAndEmptyPreconditionsAre400() {
        String name = unique("fuzz");
        String r1 = create(OWNER, name, pkg("title", "one"));
        for (String path : List.of(".git.", ".git ", "git~1", "GIT~1/x.csv", ".g\u200cit/config", "data/.git./x",
                ".git::$INDEX_ALLOCATION/x")) {
            assertError(admin().body(Map.of("datapackage", pkg("resources", List.of(pkg("name", "r", "path", path,
                    "sha256", SHA, "bytes", 1))))).put("/api/datasets/{o}/{n}", OWNER, name), 400,
                    "invalid_resource_path");
        }
        for (String ifMatch : List.of("\"\"", "W/", ",,,", "W/\"\"")) {
            assertError(admin().header("If-Match", ifMatch).body(Map.of("datapackage", pkg("title", "x")))
                    .put("/api/datasets/{o}/{n}", OWNER, name), 400, "invalid_if_match");
        }
        assertEquals(List.of(r1), revisionIds(OWNER, name));
        assertFalse(admin().get("/api/datasets/{o}/{n}", OWNER, name).asString().contains("\"x\""));
    }
}
