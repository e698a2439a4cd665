package org.metagov.metastore.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.metastore.support.Api.admin;
import static org.metagov.metastore.support.Api.as;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.Tokens;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The storage contract as a client sees it over HTTP, run against every backend (a subclass per backend). Ported
 * from metastore-lib's shared backend suite: create / fetch / conflict / not found / partial and full update / old
 * revisions / delete; revision lists newest first with authors and messages, isolated per dataset; the tag suite;
 * plus what the service adds: If-Match, concurrency, revert, diff, resources, search and pagination, bad input.
 */
public abstract class DatasetApiContract {

    /** The owner every backend can create datasets for (the fake GitHub's token user). */
    protected static final String OWNER = "acme";
    /** A second owner (an organization on the fake GitHub). */
    protected static final String OTHER = "other";
    protected static final String SHA_A = "a".repeat(64);
    protected static final String SHA_B = "b".repeat(64);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** The files of the dataset's git tree at {@code revision}, as stored by the backend. */
    protected abstract Map<String, String> filesAt(String owner, String name, String revision);

    protected static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + Long.toString(Math.floorMod(System.nanoTime(), 1_000_000L), 36);
    }

    protected static Map<String, Object> pkg(Object... members) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < members.length; i += 2) {
            map.put((String) members[i], members[i + 1]);
        }
        return map;
    }

    /** Creates {@code owner/name} and answers its first revision id. */
    protected static String create(String owner, String name, Map<String, Object> datapackage) {
        return admin().body(Map.of("owner", owner, "name", name, "datapackage", datapackage, "message", "first"))
                .post("/api/datasets").then().statusCode(201).extract().path("revision.id");
    }

    protected static String put(String owner, String name, Map<String, Object> datapackage, String message) {
        return admin().body(Map.of("datapackage", datapackage, "message", message))
                .put("/api/datasets/{o}/{n}", owner, name).then().statusCode(200).extract().path("revision.id");
    }

    protected static List<String> revisionIds(String owner, String name) {
        return admin().queryParam("limit", 100).get("/api/datasets/{o}/{n}/revisions", owner, name).then()
                .statusCode(200).extract().path("revisions.id");
    }

    protected static void assertError(Response response, int status, String code) {
        response.then().statusCode(status).contentType(ContentType.JSON).body("error", equalTo(code))
                .body("message", not(emptyOrNullString())).body("details", notNullValue());
    }

    // ---- create / fetch ------------------------------------------------------------------------------------

    @Test
    void createAnswers201WithLocationEtagAndTheDataset() {
        String name = unique("create");
        Response created = as(Tokens.token().name("Ada Lovelace").email("ada@example.org").scopes("ds:*:*").hs256())
                .body(Map.of("owner", OWNER, "name", name, "datapackage", pkg("name", name, "title", "Created"),
                        "message", "Initial import"))
                .post("/api/datasets");
        created.then().statusCode(201)
                .header("Location", endsWith("/api/datasets/" + OWNER + "/" + name))
                .body("id", equalTo(OWNER + "/" + name)).body("owner", equalTo(OWNER)).body("name", equalTo(name))
                .body("revision.id", matchesPattern("[0-9a-f]{40}"))
                .body("revision.created", notNullValue())
                .body("revision.author.name", equalTo("Ada Lovelace"))
                .body("revision.author.email", equalTo("ada@example.org"))
                .body("revision.message", equalTo("Initial import"))
                .body("datapackage.title", equalTo("Created"));
        String revision = created.path("revision.id");
        assertEquals("\"" + revision + "\"", created.header("ETag"));

        Response fetched = admin().get("/api/datasets/{o}/{n}", OWNER, name);
        fetched.then().statusCode(200).header("ETag", "\"" + revision + "\"")
                .body("id", equalTo(OWNER + "/" + name)).body("revision.id", equalTo(revision))
                .body("revision.author.name", equalTo("Ada Lovelace")).body("revision.message", equalTo("Initial import"))
                .body("datapackage.name", equalTo(name)).body("datapackage.title", equalTo("Created"));
        assertEquals(created.<String>path("revision.created"), fetched.<String>path("revision.created"));
        assertTrue(filesAt(OWNER, name, revision).containsKey("datapackage.json"), "datapackage.json at the root");
    }

    @Test
    void createWithoutMessageGetsADefaultOne() {
        String name = unique("nomsg");
        admin().body(Map.of("owner", OWNER, "name", name, "datapackage", pkg())).post("/api/datasets").then()
                .statusCode(201).body("revision.message", not(emptyOrNullString()));
    }

    @Test
    void createAnExistingDatasetIs409AndChangesNothing() {
        String name = unique("conflict");
        String first = create(OWNER, name, pkg("title", "original"));
        assertError(admin().body(Map.of("owner", OWNER, "name", name, "datapackage", pkg("title", "other")))
                .post("/api/datasets"), 409, "conflict");
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().body("revision.id", equalTo(first))
                .body("datapackage.title", equalTo("original"));
        assertEquals(List.of(first), revisionIds(OWNER, name));
    }

    @Test
    void aMissingDatasetIs404() {
        assertError(admin().get("/api/datasets/{o}/{n}", OWNER, unique("missing")), 404, "dataset_not_found");
        assertError(admin().get("/api/datasets/{o}/{n}/revisions", OWNER, unique("missing")), 404,
                "dataset_not_found");
        assertError(admin().body(Map.of("datapackage", pkg())).put("/api/datasets/{o}/{n}", OWNER, unique("missing")),
                404, "dataset_not_found");
        assertError(admin().delete("/api/datasets/{o}/{n}", OWNER, unique("missing")), 404, "dataset_not_found");
    }

    @Test
    void badDatasetNamesAre400() {
        for (String bad : List.of("Upper", "with space", "-leading", ".hidden", "x".repeat(101), "emoji\u00e9")) {
            assertError(admin().body(Map.of("owner", OWNER, "name", bad, "datapackage", pkg()))
                    .post("/api/datasets"), 400, "invalid_name");
            assertError(admin().body(Map.of("owner", bad, "name", "fine", "datapackage", pkg()))
                    .post("/api/datasets"), 400, "invalid_name");
        }
        assertError(admin().get("/api/datasets/{o}/{n}", "UPPER", "x"), 400, "invalid_name");
        admin().body(Map.of("owner", OWNER, "name", unique("ok.name_with-all") + "." + "x".repeat(60),
                "datapackage", pkg())).post("/api/datasets").then().statusCode(201);
    }

    // ---- bad input: 4xx JSON, never 500, nothing written ---------------------------------------------------

    @Test
    void aDatapackageThatIsNotAnObjectIs400AndNothingIsWritten() {
        String name = unique("notobject");
        for (Object bad : List.of(List.of(1, 2), "text", 42, true)) {
            assertError(admin().body(Map.of("owner", OWNER, "name", name, "datapackage", bad)).post("/api/datasets"),
                    400, "invalid_datapackage");
        }
        assertError(admin().body(Map.of("owner", OWNER, "name", name)).post("/api/datasets"), 400,
                "invalid_datapackage");
        assertError(admin().get("/api/datasets/{o}/{n}", OWNER, name), 404, "dataset_not_found");

        String first = create(OWNER, name, pkg("title", "kept"));
        assertError(admin().body(Map.of("datapackage", List.of())).put("/api/datasets/{o}/{n}", OWNER, name), 400,
                "invalid_datapackage");
        assertError(admin().body("{\"datapackage\": \"x\"}").patch("/api/datasets/{o}/{n}", OWNER, name), 400,
                "invalid_datapackage");
        assertError(admin().body("{\"message\": \"no package\"}").put("/api/datasets/{o}/{n}", OWNER, name), 400,
                "invalid_datapackage");
        assertEquals(List.of(first), revisionIds(OWNER, name));
    }

    @Test
    void malformedJsonIs400() {
        String name = unique("malformed");
        String first = create(OWNER, name, pkg("title", "kept"));
        assertError(admin().body("{\"owner\": {\"nested\": true}, \"name\": \"x\", \"datapackage\": {}}")
                .post("/api/datasets"), 400, "malformed_json");
        for (String body : List.of("{", "{\"datapackage\": {\"a\": }}", "not json", "[1,2]", "\"string\"")) {
            Response post = admin().body(body).post("/api/datasets");
            assertEquals(400, post.statusCode(), body + " -> " + post.asString());
            post.then().contentType(ContentType.JSON).body("error", not(emptyOrNullString()));
            Response put = admin().body(body).put("/api/datasets/{o}/{n}", OWNER, name);
            assertEquals(400, put.statusCode(), body + " -> " + put.asString());
        }
        assertError(admin().body("").post("/api/datasets"), 400, "bad_request");
        assertError(admin().contentType(ContentType.TEXT).body("{}").post("/api/datasets"), 415,
                "unsupported_media_type");
        assertError(admin().post("/api/datasets/{o}/{n}", OWNER, name), 405, "method_not_allowed");
        assertError(admin().get("/api/datasets/{o}/{n}/nothing-here", OWNER, name), 404, "not_found");
        assertEquals(List.of(first), revisionIds(OWNER, name));
    }

    @Test
    void aBodyOver5MiBIs413AndNothingIsWritten() {
        String name = unique("huge");
        String first = create(OWNER, name, pkg("title", "small"));
        String huge = "{\"datapackage\": {\"description\": \"" + "x".repeat(5 * 1024 * 1024 + 10) + "\"}}";
        assertError(admin().body(huge).put("/api/datasets/{o}/{n}", OWNER, name), 413, "payload_too_large");
        assertEquals(List.of(first), revisionIds(OWNER, name));
        // just under the limit is accepted
        String large = "{\"datapackage\": {\"description\": \"" + "y".repeat(1024 * 1024) + "\"}}";
        admin().body(large).put("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200);
    }

    @Test
    void lfsResourcePathsThatEscapeOrCollideAre400AndNothingIsWritten() {
        String name = unique("paths");
        for (Object path : List.of("/etc/passwd", "../up.csv", "data/../../x.csv", "C:\\data.csv")) {
            assertError(admin().body(Map.of("owner", OWNER, "name", name, "datapackage", pkg("resources",
                    List.of(pkg("name", "r", "path", path, "sha256", SHA_A, "bytes", 10))))).post("/api/datasets"),
                    400, "invalid_resource_path");
        }
        assertError(admin().get("/api/datasets/{o}/{n}", OWNER, name), 404, "dataset_not_found");
        String first = create(OWNER, name, pkg("resources", List.of()));
        assertError(admin().body(Map.of("datapackage", pkg("resources", List.of(
                pkg("name", "a", "path", "data/same.csv", "sha256", SHA_A, "bytes", 1),
                pkg("name", "b", "path", "data/same.csv", "sha256", SHA_B, "bytes", 2)))))
                .put("/api/datasets/{o}/{n}", OWNER, name), 400, "invalid_resource_path");
        assertEquals(List.of(first), revisionIds(OWNER, name));
    }

    @Test
    void resourcesWithPathShaAndBytesGetLfsPointersAndGitattributes() {
        String name = unique("lfs");
        String revision = create(OWNER, name, pkg("resources", List.of(
                pkg("name", "first", "path", "data/first.csv", "sha256", SHA_A, "bytes", 1234),
                pkg("name", "second", "path", "second file.json", "sha256", SHA_B.toUpperCase(), "bytes", 0),
                pkg("name", "remote", "path", "https://example.org/remote.csv", "sha256", SHA_A, "bytes", 5),
                pkg("name", "inline", "data", List.of(List.of(1, 2))))));
        Map<String, String> files = filesAt(OWNER, name, revision);
        assertEquals("version https://git-lfs.github.com/spec/v1\noid sha256:" + SHA_A + "\nsize 1234\n",
                files.get("data/first.csv"));
        assertEquals("version https://git-lfs.github.com/spec/v1\noid sha256:" + SHA_B + "\nsize 0\n",
                files.get("second file.json"));
        assertEquals("data/first.csv filter=lfs diff=lfs merge=lfs -text\n"
                + "second[[:space:]]file.json filter=lfs diff=lfs merge=lfs -text\n", files.get(".gitattributes"));
        assertEquals(List.of(".gitattributes", "data/first.csv", "datapackage.json", "second file.json"),
                files.keySet().stream().sorted().toList());

        // a resource removed from the package loses its pointer file
        String next = put(OWNER, name, pkg("resources", List.of(
                pkg("name", "first", "path", "data/first.csv", "sha256", SHA_A, "bytes", 1234))), "drop second");
        assertEquals(List.of(".gitattributes", "data/first.csv", "datapackage.json"),
                filesAt(OWNER, name, next).keySet().stream().sorted().toList());
        String none = put(OWNER, name, pkg("title", "no resources"), "drop all");
        assertEquals(List.of("datapackage.json"), List.copyOf(filesAt(OWNER, name, none).keySet()));
    }

    // ---- update: full and merge patch, old revisions ---------------------------------------------------------

    @Test
    void putReplacesTheWholeDatapackage() {
        String name = unique("put");
        String first = create(OWNER, name, pkg("title", "one", "version", "1.0"));
        Response updated = as(Tokens.token().name("Bob").email("bob@example.org").scopes("ds:*:*").hs256())
                .body(Map.of("datapackage", pkg("title", "two"), "message", "Rewrite"))
                .put("/api/datasets/{o}/{n}", OWNER, name);
        updated.then().statusCode(200).body("datapackage.title", equalTo("two"))
                .body("datapackage.version", nullValue()).body("revision.author.name", equalTo("Bob"))
                .body("revision.message", equalTo("Rewrite"));
        String second = updated.path("revision.id");
        assertEquals("\"" + second + "\"", updated.header("ETag"));
        assertNotEquals(first, second);
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().body("revision.id", equalTo(second))
                .body("datapackage", equalTo(Map.of("title", "two")));
        assertEquals(List.of(second, first), revisionIds(OWNER, name));
    }

    @Test
    void patchAppliesAJsonMergePatch() {
        String name = unique("patch");
        create(OWNER, name, pkg("title", "one", "version", "1.0", "keywords", List.of("a", "b"),
                "contributors", pkg("lead", "x", "other", "y")));
        admin().body(Map.of("datapackage", pkg("version", null, "keywords", List.of("c"), "new", "yes",
                "contributors", pkg("other", null, "third", "z")), "message", "partial"))
                .patch("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200)
                .body("datapackage", equalTo(pkg("title", "one", "keywords", List.of("c"), "new", "yes",
                        "contributors", pkg("lead", "x", "third", "z"))))
                .body("revision.message", equalTo("partial"));
        // RFC 7396's media type is accepted too
        admin().contentType("application/merge-patch+json").body("{\"datapackage\": {\"title\": \"two\"}}")
                .patch("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200)
                .body("datapackage.title", equalTo("two")).body("datapackage.new", equalTo("yes"));
        assertEquals(3, revisionIds(OWNER, name).size());
    }

    @Test
    void oldRevisionsStayReadableByIdAndRef() {
        String name = unique("old");
        String r1 = create(OWNER, name, pkg("title", "v1"));
        String r2 = put(OWNER, name, pkg("title", "v2"), "second");
        String r3 = put(OWNER, name, pkg("title", "v3"), "third");
        admin().queryParam("ref", r1).get("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200)
                .header("ETag", "\"" + r1 + "\"").body("revision.id", equalTo(r1))
                .body("datapackage.title", equalTo("v1")).body("revision.message", equalTo("first"));
        admin().queryParam("ref", r2.toUpperCase()).get("/api/datasets/{o}/{n}", OWNER, name).then()
                .statusCode(200).body("datapackage.title", equalTo("v2"));
        admin().get("/api/datasets/{o}/{n}/revisions/{r}", OWNER, name, r2).then().statusCode(200)
                .header("ETag", "\"" + r2 + "\"").body("revision.id", equalTo(r2)).body("id", equalTo(OWNER + "/" + name))
                .body("datapackage.title", equalTo("v2")).body("revision.message", equalTo("second"));
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().body("revision.id", equalTo(r3));
    }

    @Test
    void aRefThatDoesNotExistIs404AndAMalformedRefIs400() {
        String name = unique("refs");
        create(OWNER, name, pkg());
        String other = create(OWNER, unique("refs-other"), pkg("title", "elsewhere"));
        assertError(admin().queryParam("ref", "0".repeat(40)).get("/api/datasets/{o}/{n}", OWNER, name), 404,
                "revision_not_found");
        assertError(admin().queryParam("ref", other).get("/api/datasets/{o}/{n}", OWNER, name), 404,
                "revision_not_found");
        assertError(admin().queryParam("ref", "no-such-tag").get("/api/datasets/{o}/{n}", OWNER, name), 404,
                "revision_not_found");
        assertError(admin().get("/api/datasets/{o}/{n}/revisions/{r}", OWNER, name, "1".repeat(40)), 404,
                "revision_not_found");
        assertError(admin().get("/api/datasets/{o}/{n}/revisions/{r}", OWNER, name, "short"), 404,
                "revision_not_found");
        for (String bad : List.of("has space", "bang!", "../x", "a\tb")) {
            assertError(admin().queryParam("ref", bad).get("/api/datasets/{o}/{n}", OWNER, name), 400,
                    "invalid_ref");
        }
    }

    // ---- If-Match and concurrency -----------------------------------------------------------------------------

    @Test
    void aStaleIfMatchIs412AndNothingIsWritten() {
        String name = unique("ifmatch");
        String r1 = create(OWNER, name, pkg("title", "v1"));
        String r2 = admin().header("If-Match", "\"" + r1 + "\"").body(Map.of("datapackage", pkg("title", "v2")))
                .put("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200).extract().path("revision.id");
        for (String method : List.of("PUT", "PATCH")) {
            assertError(admin().header("If-Match", "\"" + r1 + "\"").body(Map.of("datapackage", pkg("title", "lost")))
                    .request(method, "/api/datasets/{o}/{n}", OWNER, name), 412, "precondition_failed");
        }
        assertError(admin().header("If-Match", r1).body(Map.of("ref", r1)).post("/api/datasets/{o}/{n}/revert",
                OWNER, name), 412, "precondition_failed");
        assertEquals(List.of(r2, r1), revisionIds(OWNER, name));
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().body("datapackage.title", equalTo("v2"));
        // the current revision (bare, weak, or in a list) and '*' all match
        admin().header("If-Match", "W/\"" + r2 + "\"").body(Map.of("datapackage", pkg("title", "v3")))
                .patch("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200);
        String r3 = revisionIds(OWNER, name).get(0);
        admin().header("If-Match", "\"" + r1 + "\", \"" + r3 + "\"").body(Map.of("datapackage", pkg("title", "v4")))
                .put("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200);
        admin().header("If-Match", "*").body(Map.of("datapackage", pkg("title", "v5")))
                .put("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200).body("datapackage.title", equalTo("v5"));
    }

    @Test
    void twentyConcurrentWritersWithTheSameIfMatchExactlyOneWins() throws Exception {
        String name = unique("race");
        String base = create(OWNER, name, pkg("title", "base"));
        int writers = 20;
        List<Integer> statuses = concurrently(writers, i -> HttpRequest.newBuilder(datasetUri(OWNER, name))
                .header("Authorization", "Bearer " + Tokens.admin()).header("Content-Type", "application/json")
                .header("If-Match", "\"" + base + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"datapackage\": {\"title\": \"writer " + i + "\"}}"))
                .build());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(writers - 1, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        List<String> revisions = revisionIds(OWNER, name);
        assertEquals(2, revisions.size());
        assertEquals(base, revisions.get(1));
    }

    @Test
    void concurrentWritersWithoutIfMatchAreAllApplied() throws Exception {
        String name = unique("merge");
        create(OWNER, name, pkg("title", "base"));
        int writers = 6;
        List<Integer> statuses = concurrently(writers, i -> HttpRequest.newBuilder(datasetUri(OWNER, name))
                .header("Authorization", "Bearer " + Tokens.admin()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"datapackage\": {\"k" + i + "\": " + i + "}}"))
                .build());
        assertEquals(List.of(200, 200, 200, 200, 200, 200), statuses);
        JsonPath latest = admin().get("/api/datasets/{o}/{n}", OWNER, name).then().extract().jsonPath();
        for (int i = 0; i < writers; i++) {
            assertEquals(i, latest.getInt("datapackage.k" + i));
        }
        assertEquals(writers + 1, revisionIds(OWNER, name).size());
    }

    private static URI datasetUri(String owner, String name) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/datasets/" + owner + "/" + name);
    }

    private interface RequestFactory {
        HttpRequest request(int index);
    }

    /** Sends the requests all at once (released together by a latch) and answers their statuses in order. */
    private static List<Integer> concurrently(int count, RequestFactory factory) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpRequest request = factory.request(i);
                Callable<Integer> call = () -> {
                    start.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- delete ----------------------------------------------------------------------------------------------

    @Test
    void deleteHidesTheDatasetAndKeepsItsIdUntilPurged() {
        String name = unique("delete");
        String r1 = create(OWNER, name, pkg("title", "doomed"));
        admin().delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        assertError(admin().get("/api/datasets/{o}/{n}", OWNER, name), 404, "dataset_not_found");
        assertError(admin().get("/api/datasets/{o}/{n}/revisions", OWNER, name), 404, "dataset_not_found");
        assertError(admin().get("/api/datasets/{o}/{n}/tags", OWNER, name), 404, "dataset_not_found");
        assertError(admin().body(Map.of("datapackage", pkg())).put("/api/datasets/{o}/{n}", OWNER, name), 404,
                "dataset_not_found");
        assertError(admin().delete("/api/datasets/{o}/{n}", OWNER, name), 404, "dataset_not_found");
        admin().queryParam("q", name).get("/api/datasets").then().body("datasets", empty());
        // history kept: the id stays taken
        assertError(admin().body(Map.of("owner", OWNER, "name", name, "datapackage", pkg())).post("/api/datasets"),
                409, "conflict");
        assertTrue(filesAt(OWNER, name, r1).containsKey("datapackage.json"), "history is kept after a delete");

        admin().queryParam("purge", "true").delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        assertError(admin().queryParam("purge", "true").delete("/api/datasets/{o}/{n}", OWNER, name), 404,
                "dataset_not_found");
        String fresh = create(OWNER, name, pkg("title", "reborn"));
        assertEquals(List.of(fresh), revisionIds(OWNER, name));
        assertError(admin().queryParam("ref", r1).get("/api/datasets/{o}/{n}", OWNER, name), 404,
                "revision_not_found");
        assertError(admin().queryParam("purge", "maybe").delete("/api/datasets/{o}/{n}", OWNER, name), 400,
                "bad_request");
    }

    @Test
    void purgeRemovesAVisibleDatasetDirectly() {
        String name = unique("purge");
        create(OWNER, name, pkg());
        admin().queryParam("purge", "true").delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        assertError(admin().get("/api/datasets/{o}/{n}", OWNER, name), 404, "dataset_not_found");
        create(OWNER, name, pkg());
    }

    // ---- revisions --------------------------------------------------------------------------------------------

    @Test
    void revisionsAreListedNewestFirstWithAuthorsAndMessagesAPageAtATime() {
        String name = unique("history");
        List<String> ids = new ArrayList<>();
        ids.add(create(OWNER, name, pkg("n", 0)));
        for (int i = 1; i < 5; i++) {
            String token = Tokens.token().name("Writer " + i).email("w" + i + "@example.org").scopes("ds:*:*").hs256();
            ids.add(0, as(token).body(Map.of("datapackage", pkg("n", i), "message", "change " + i))
                    .put("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200).extract().path("revision.id"));
        }
        JsonPath page1 = admin().queryParam("limit", 2).get("/api/datasets/{o}/{n}/revisions", OWNER, name).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(0, 2), page1.getList("revisions.id"));
        assertEquals("Writer 4", page1.getString("revisions[0].author.name"));
        assertEquals("w4@example.org", page1.getString("revisions[0].author.email"));
        assertEquals("change 4", page1.getString("revisions[0].message"));
        assertEquals("change 3", page1.getString("revisions[1].message"));
        assertTrue(page1.getString("revisions[0].created").compareTo(page1.getString("revisions[1].created")) >= 0);
        String next = page1.getString("next");
        JsonPath page2 = admin().queryParam("limit", 2).queryParam("cursor", next)
                .get("/api/datasets/{o}/{n}/revisions", OWNER, name).then().statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(2, 4), page2.getList("revisions.id"));
        JsonPath page3 = admin().queryParam("limit", 2).queryParam("cursor", page2.getString("next"))
                .get("/api/datasets/{o}/{n}/revisions", OWNER, name).then().statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(4, 5), page3.getList("revisions.id"));
        assertEquals("first", page3.getString("revisions[0].message"));
        assertNull(page3.getString("next"));
        // exactly a page: no next
        admin().queryParam("limit", 5).get("/api/datasets/{o}/{n}/revisions", OWNER, name).then()
                .body("revisions", hasSize(5)).body("next", nullValue());
        // default page size holds them all
        admin().get("/api/datasets/{o}/{n}/revisions", OWNER, name).then().body("revisions.id", equalTo(ids));
    }

    @Test
    void revisionListsAreIsolatedPerDataset() {
        String a = unique("iso-a");
        String b = unique("iso-b");
        String a1 = create(OWNER, a, pkg("x", 1));
        String b1 = create(OWNER, b, pkg("x", 1));
        String a2 = put(OWNER, a, pkg("x", 2), "a2");
        String b2 = put(OWNER, b, pkg("x", 2), "b2");
        String b3 = put(OWNER, b, pkg("x", 3), "b3");
        assertEquals(List.of(a2, a1), revisionIds(OWNER, a));
        assertEquals(List.of(b3, b2, b1), revisionIds(OWNER, b));
    }

    @Test
    void badCursorsAndLimitsAre400() {
        String name = unique("cursor");
        create(OWNER, name, pkg());
        put(OWNER, name, pkg("a", 1), "two");
        String other = unique("cursor-other");
        create(OWNER, other, pkg("other", true)); // identical content at the same second would be the same commit
        put(OWNER, other, pkg("a", 1), "two");
        String foreign = admin().queryParam("limit", 1).get("/api/datasets/{o}/{n}/revisions", OWNER, other).then()
                .extract().path("next");
        for (String cursor : List.of("garbage!", "Zm9v", foreign,
                java.util.Base64.getUrlEncoder().encodeToString(("d:" + OWNER + "/" + name).getBytes()))) {
            assertError(admin().queryParam("cursor", cursor).get("/api/datasets/{o}/{n}/revisions", OWNER, name),
                    400, "invalid_cursor");
        }
        for (String limit : List.of("0", "-1", "101", "ten", "1.5")) {
            assertError(admin().queryParam("limit", limit).get("/api/datasets/{o}/{n}/revisions", OWNER, name),
                    400, "invalid_limit");
            assertError(admin().queryParam("limit", limit).get("/api/datasets"), 400, "invalid_limit");
        }
        assertError(admin().queryParam("cursor", "%%%").get("/api/datasets"), 400, "invalid_cursor");
    }

    // ---- resources, revert, diff ------------------------------------------------------------------------------

    @Test
    void aResourceIsReadByNameAtAnyRevision() {
        String name = unique("resources");
        String r1 = create(OWNER, name, pkg("resources", List.of(
                pkg("name", "main", "path", "main.csv", "sha256", SHA_A, "bytes", 10),
                pkg("name", "extra", "path", "https://example.org/x.csv"))));
        put(OWNER, name, pkg("resources", List.of(pkg("name", "main", "path", "main.csv", "sha256", SHA_B,
                "bytes", 20))), "new main");
        admin().get("/api/datasets/{o}/{n}/resources/{r}", OWNER, name, "main").then().statusCode(200)
                .body("sha256", equalTo(SHA_B)).body("bytes", equalTo(20));
        admin().queryParam("ref", r1).get("/api/datasets/{o}/{n}/resources/{r}", OWNER, name, "main").then()
                .statusCode(200).body("sha256", equalTo(SHA_A)).body("bytes", equalTo(10));
        admin().queryParam("ref", r1).get("/api/datasets/{o}/{n}/resources/{r}", OWNER, name, "extra").then()
                .statusCode(200).body("path", equalTo("https://example.org/x.csv"));
        assertError(admin().get("/api/datasets/{o}/{n}/resources/{r}", OWNER, name, "extra"), 404,
                "resource_not_found");
        assertError(admin().queryParam("ref", "f".repeat(40)).get("/api/datasets/{o}/{n}/resources/{r}", OWNER, name,
                "main"), 404, "revision_not_found");
    }

    @Test
    void revertAddsARevisionEqualToTheOneAtRef() {
        String name = unique("revert");
        Map<String, Object> original = pkg("title", "original", "resources", List.of(
                pkg("name", "r", "path", "r.csv", "sha256", SHA_A, "bytes", 3)));
        String r1 = create(OWNER, name, original);
        put(OWNER, name, pkg("title", "changed"), "change");
        admin().body(Map.of("name", "good", "revision", r1)).post("/api/datasets/{o}/{n}/tags", OWNER, name).then()
                .statusCode(201);
        String r3 = put(OWNER, name, pkg("title", "broken"), "break");

        Response reverted = admin().body(Map.of("ref", r1)).post("/api/datasets/{o}/{n}/revert", OWNER, name);
        reverted.then().statusCode(200).body("datapackage", equalTo(original))
                .body("revision.message", not(emptyOrNullString()));
        String r4 = reverted.path("revision.id");
        assertEquals("\"" + r4 + "\"", reverted.header("ETag"));
        assertEquals(List.of(r4, r3), revisionIds(OWNER, name).subList(0, 2));
        assertEquals(filesAt(OWNER, name, r1), filesAt(OWNER, name, r4));
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().body("datapackage", equalTo(original));

        put(OWNER, name, pkg("title", "again"), "again");
        admin().body(Map.of("ref", "good", "message", "Back to good")).post("/api/datasets/{o}/{n}/revert", OWNER, name)
                .then().statusCode(200).body("datapackage.title", equalTo("original"))
                .body("revision.message", equalTo("Back to good"));
        assertError(admin().body(Map.of("ref", "0".repeat(40))).post("/api/datasets/{o}/{n}/revert", OWNER, name),
                404, "revision_not_found");
        assertError(admin().body(Map.of()).post("/api/datasets/{o}/{n}/revert", OWNER, name), 400, "bad_request");
        assertEquals(6, revisionIds(OWNER, name).size());
    }

    @Test
    void diffGivesAJsonPatchAndTheResourcesAddedRemovedAndChanged() {
        String name = unique("diff");
        String r1 = create(OWNER, name, pkg("title", "before", "version", "1", "resources", List.of(
                pkg("name", "kept", "path", "kept.csv"),
                pkg("name", "changed", "path", "changed.csv", "bytes", 1),
                pkg("name", "removed", "path", "removed.csv"))));
        String r2 = put(OWNER, name, pkg("title", "after", "license", "MIT", "resources", List.of(
                pkg("name", "kept", "path", "kept.csv"),
                pkg("name", "changed", "path", "changed.csv", "bytes", 2),
                pkg("name", "added", "path", "added.csv"))), "second");
        JsonPath diff = admin().queryParam("from", r1).queryParam("to", r2).get("/api/datasets/{o}/{n}/diff", OWNER,
                name).then().statusCode(200).extract().jsonPath();
        assertEquals(r1, diff.getString("from"));
        assertEquals(r2, diff.getString("to"));
        assertEquals(List.of("added"), diff.getList("resources.added"));
        assertEquals(List.of("removed"), diff.getList("resources.removed"));
        assertEquals(List.of("changed"), diff.getList("resources.changed"));
        List<Map<String, Object>> patch = diff.getList("patch");
        assertTrue(patch.contains(Map.of("op", "replace", "path", "/title", "value", "after")), patch.toString());
        assertTrue(patch.contains(Map.of("op", "remove", "path", "/version")), patch.toString());
        assertTrue(patch.contains(Map.of("op", "add", "path", "/license", "value", "MIT")), patch.toString());
        assertTrue(patch.contains(Map.of("op", "replace", "path", "/resources/1/bytes", "value", 2)),
                patch.toString());

        // 'to' defaults to the latest revision; tags are refs; the same revision has no differences
        admin().body(Map.of("name", "v1", "revision", r1)).post("/api/datasets/{o}/{n}/tags", OWNER, name).then()
                .statusCode(201);
        admin().queryParam("from", "v1").get("/api/datasets/{o}/{n}/diff", OWNER, name).then().statusCode(200)
                .body("from", equalTo(r1)).body("to", equalTo(r2)).body("resources.added", equalTo(List.of("added")));
        admin().queryParam("from", r2).queryParam("to", r2).get("/api/datasets/{o}/{n}/diff", OWNER, name).then()
                .body("patch", empty()).body("resources.added", empty()).body("resources.removed", empty())
                .body("resources.changed", empty());
        admin().queryParam("from", r2).queryParam("to", r1).get("/api/datasets/{o}/{n}/diff", OWNER, name).then()
                .body("resources.added", equalTo(List.of("removed"))).body("resources.removed", equalTo(List.of("added")));
        assertError(admin().get("/api/datasets/{o}/{n}/diff", OWNER, name), 400, "bad_request");
        assertError(admin().queryParam("from", "nope").get("/api/datasets/{o}/{n}/diff", OWNER, name), 404,
                "revision_not_found");
    }

    // ---- tags (metastore-lib's tag suite) ----------------------------------------------------------------------

    @Test
    void tagTheLatestRevisionAndReadIt() {
        String name = unique("tag");
        create(OWNER, name, pkg("title", "v1"));
        String r2 = put(OWNER, name, pkg("title", "v2"), "second");
        Response created = as(Tokens.token().name("Tagger").email("tagger@example.org").scopes("ds:*:*").hs256())
                .body(Map.of("name", "v2.0", "description", "Second release")).post("/api/datasets/{o}/{n}/tags",
                        OWNER, name);
        created.then().statusCode(201).header("Location", endsWith("/api/datasets/" + OWNER + "/" + name + "/tags/v2.0"))
                .body("name", equalTo("v2.0")).body("revision", equalTo(r2)).body("created", notNullValue())
                .body("author.name", equalTo("Tagger")).body("author.email", equalTo("tagger@example.org"))
                .body("description", equalTo("Second release"));
        admin().get("/api/datasets/{o}/{n}/tags/{t}", OWNER, name, "v2.0").then().statusCode(200)
                .body("name", equalTo("v2.0")).body("revision", equalTo(r2)).body("author.name", equalTo("Tagger"))
                .body("description", equalTo("Second release")).body("created", equalTo(created.path("created")));
        admin().queryParam("ref", "v2.0").get("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200)
                .body("revision.id", equalTo(r2)).body("datapackage.title", equalTo("v2"));
        admin().body(Map.of("name", "no-description")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then()
                .statusCode(201).body("description", equalTo(""));
    }

    @Test
    void tagAnOlderRevisionAndListTagsByName() {
        String name = unique("tags");
        String r1 = create(OWNER, name, pkg("title", "v1"));
        String r2 = put(OWNER, name, pkg("title", "v2"), "second");
        admin().body(Map.of("name", "zeta", "revision", r1)).post("/api/datasets/{o}/{n}/tags", OWNER, name).then()
                .statusCode(201).body("revision", equalTo(r1));
        admin().body(Map.of("name", "alpha")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
        admin().body(Map.of("name", "from-tag", "revision", "zeta")).post("/api/datasets/{o}/{n}/tags", OWNER, name)
                .then().statusCode(201).body("revision", equalTo(r1));
        admin().get("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(200)
                .body("tags.name", equalTo(List.of("alpha", "from-tag", "zeta")))
                .body("tags.revision", equalTo(List.of(r2, r1, r1)));
        admin().queryParam("ref", "zeta").get("/api/datasets/{o}/{n}", OWNER, name).then()
                .body("datapackage.title", equalTo("v1"));
        String empty = unique("untagged");
        create(OWNER, empty, pkg());
        admin().get("/api/datasets/{o}/{n}/tags", OWNER, empty).then().statusCode(200).body("tags", empty());
    }

    @Test
    void aDuplicateTagIs409() {
        String name = unique("duptag");
        String r1 = create(OWNER, name, pkg());
        admin().body(Map.of("name", "v1")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
        put(OWNER, name, pkg("a", 1), "two");
        assertError(admin().body(Map.of("name", "v1")).post("/api/datasets/{o}/{n}/tags", OWNER, name), 409,
                "conflict");
        admin().get("/api/datasets/{o}/{n}/tags/v1", OWNER, name).then().body("revision", equalTo(r1));
    }

    @Test
    void invalidTagNamesAre400() {
        String name = unique("badtag");
        create(OWNER, name, pkg());
        List<String> bad = List.of("", " ", "with space", "tab\there", "new\nline", "bang!", "a".repeat(40),
                "0123456789abcdef0123456789ABCDEF01234567", "a/b", "..", "x..y", "end.", "x.lock", "-dash");
        for (String tag : bad) {
            assertError(admin().body(Map.of("name", tag)).post("/api/datasets/{o}/{n}/tags", OWNER, name), 400,
                    "invalid_tag_name");
        }
        assertError(admin().body(Map.of("description", "no name")).post("/api/datasets/{o}/{n}/tags", OWNER, name),
                400, "invalid_tag_name");
        admin().body(Map.of("name", "ok")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
        for (String tag : List.of("with space", "bang!", "a".repeat(40))) {
            assertError(admin().body(Map.of("name", tag)).patch("/api/datasets/{o}/{n}/tags/ok", OWNER, name), 400,
                    "invalid_tag_name");
        }
        admin().get("/api/datasets/{o}/{n}/tags", OWNER, name).then().body("tags.name", equalTo(List.of("ok")));
        // names in a different case, with '+', '_' and digits are fine
        for (String tag : List.of("V1.0", "1.0.0+build_7", "release-2024_01")) {
            admin().body(Map.of("name", tag)).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
        }
    }

    @Test
    void aTagOfAMissingRevisionOrDatasetIs404() {
        String name = unique("tag404");
        create(OWNER, name, pkg());
        assertError(admin().body(Map.of("name", "v1", "revision", "0".repeat(40)))
                .post("/api/datasets/{o}/{n}/tags", OWNER, name), 404, "revision_not_found");
        assertError(admin().body(Map.of("name", "v1", "revision", "missing-tag"))
                .post("/api/datasets/{o}/{n}/tags", OWNER, name), 404, "revision_not_found");
        assertError(admin().get("/api/datasets/{o}/{n}/tags/v1", OWNER, name), 404, "tag_not_found");
        assertError(admin().body(Map.of("name", "v1")).post("/api/datasets/{o}/{n}/tags", OWNER, unique("nothing")),
                404, "dataset_not_found");
        assertError(admin().get("/api/datasets/{o}/{n}/tags", OWNER, unique("nothing")), 404, "dataset_not_found");
        admin().get("/api/datasets/{o}/{n}/tags", OWNER, name).then().body("tags", empty());
    }

    @Test
    void renameATagAtomically() {
        String name = unique("rename");
        String r1 = create(OWNER, name, pkg());
        Response before = admin().body(Map.of("name", "old", "description", "kept"))
                .post("/api/datasets/{o}/{n}/tags", OWNER, name);
        put(OWNER, name, pkg("a", 1), "two");
        admin().body(Map.of("name", "new")).patch("/api/datasets/{o}/{n}/tags/{t}", OWNER, name, "old").then()
                .statusCode(200).body("name", equalTo("new")).body("revision", equalTo(r1))
                .body("description", equalTo("kept")).body("author.name", equalTo("Admin"))
                .body("created", equalTo(before.path("created")));
        assertError(admin().get("/api/datasets/{o}/{n}/tags/old", OWNER, name), 404, "tag_not_found");
        admin().get("/api/datasets/{o}/{n}/tags/new", OWNER, name).then().statusCode(200).body("revision", equalTo(r1));
        admin().get("/api/datasets/{o}/{n}/tags", OWNER, name).then().body("tags.name", equalTo(List.of("new")));
        admin().queryParam("ref", "new").get("/api/datasets/{o}/{n}", OWNER, name).then()
                .body("revision.id", equalTo(r1));
        // rename and re-describe at once
        admin().contentType("application/merge-patch+json").body(Map.of("name", "newer", "description", "both"))
                .patch("/api/datasets/{o}/{n}/tags/new", OWNER, name).then().statusCode(200)
                .body("name", equalTo("newer")).body("description", equalTo("both"));
        assertError(admin().body(Map.of("name", "x")).patch("/api/datasets/{o}/{n}/tags/missing", OWNER, name), 404,
                "tag_not_found");
    }

    @Test
    void changeATagsDescription() {
        String name = unique("describe");
        String r1 = create(OWNER, name, pkg());
        admin().body(Map.of("name", "v1", "description", "before")).post("/api/datasets/{o}/{n}/tags", OWNER, name);
        admin().body(Map.of("description", "after")).patch("/api/datasets/{o}/{n}/tags/v1", OWNER, name).then()
                .statusCode(200).body("name", equalTo("v1")).body("description", equalTo("after"))
                .body("revision", equalTo(r1));
        admin().get("/api/datasets/{o}/{n}/tags/v1", OWNER, name).then().body("description", equalTo("after"));
    }

    @Test
    void aTagUpdateWithNothingToChangeIs400() {
        String name = unique("nochange");
        create(OWNER, name, pkg());
        admin().body(Map.of("name", "v1", "description", "same")).post("/api/datasets/{o}/{n}/tags", OWNER, name);
        assertError(admin().body(Map.of()).patch("/api/datasets/{o}/{n}/tags/v1", OWNER, name), 400, "bad_request");
        assertError(admin().body(Map.of("name", "v1", "description", "same"))
                .patch("/api/datasets/{o}/{n}/tags/v1", OWNER, name), 400, "bad_request");
        assertError(admin().body(Map.of("name", "v1")).patch("/api/datasets/{o}/{n}/tags/v1", OWNER, name), 400,
                "bad_request");
    }

    @Test
    void renamingOntoAnExistingTagIs409AndKeepsBoth() {
        String name = unique("collide");
        String r1 = create(OWNER, name, pkg());
        admin().body(Map.of("name", "a")).post("/api/datasets/{o}/{n}/tags", OWNER, name);
        String r2 = put(OWNER, name, pkg("a", 1), "two");
        admin().body(Map.of("name", "b")).post("/api/datasets/{o}/{n}/tags", OWNER, name);
        assertError(admin().body(Map.of("name", "b")).patch("/api/datasets/{o}/{n}/tags/a", OWNER, name), 409,
                "conflict");
        admin().get("/api/datasets/{o}/{n}/tags", OWNER, name).then().body("tags.name", equalTo(List.of("a", "b")))
                .body("tags.revision", equalTo(List.of(r1, r2)));
    }

    @Test
    void deleteATag() {
        String name = unique("deltag");
        String r1 = create(OWNER, name, pkg());
        admin().body(Map.of("name", "gone")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
        admin().body(Map.of("name", "stays")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
        admin().delete("/api/datasets/{o}/{n}/tags/gone", OWNER, name).then().statusCode(204);
        assertError(admin().get("/api/datasets/{o}/{n}/tags/gone", OWNER, name), 404, "tag_not_found");
        assertError(admin().delete("/api/datasets/{o}/{n}/tags/gone", OWNER, name), 404, "tag_not_found");
        admin().get("/api/datasets/{o}/{n}/tags", OWNER, name).then().body("tags.name", equalTo(List.of("stays")));
        // the revision it named is still there, and the name can be used again
        admin().queryParam("ref", r1).get("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200);
        admin().body(Map.of("name", "gone")).post("/api/datasets/{o}/{n}/tags", OWNER, name).then().statusCode(201);
    }

    // ---- listing and search ------------------------------------------------------------------------------------

    @Test
    void datasetsAreSearchedByNameTitleAndKeywordsAndPaginated() {
        String marker = unique("srch");
        String byName = marker + "-alpha";
        String byTitle = unique("t");
        String byKeyword = unique("k");
        String hidden = marker + "-hidden";
        create(OWNER, byName, pkg("title", "Nothing special"));
        create(OWNER, byTitle, pkg("title", "All about " + marker.toUpperCase() + " data"));
        create(OTHER, byKeyword, pkg("title", "Other", "keywords", List.of("x", "tag-" + marker)));
        create(OWNER, hidden, pkg());
        admin().delete("/api/datasets/{o}/{n}", OWNER, hidden).then().statusCode(204);

        JsonPath found = admin().queryParam("q", marker).get("/api/datasets").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of(OWNER + "/" + byName, OWNER + "/" + byTitle, OTHER + "/" + byKeyword).stream().sorted()
                .toList(), found.getList("datasets.id"));
        assertNull(found.getString("next"));
        Map<String, Object> first = found.getMap("datasets.find { it.name == '" + byKeyword + "' }");
        assertEquals("Other", first.get("title"));
        assertEquals(OTHER, first.get("owner"));
        assertEquals(List.of("x", "tag-" + marker), first.get("keywords"));
        assertTrue(((Map<?, ?>) first.get("revision")).get("id").toString().matches("[0-9a-f]{40}"));

        admin().queryParam("q", marker).queryParam("owner", OWNER).get("/api/datasets").then()
                .body("datasets.id", containsInAnyOrder(OWNER + "/" + byName, OWNER + "/" + byTitle));
        admin().queryParam("q", "  " + marker.toUpperCase() + " ").queryParam("owner", OTHER).get("/api/datasets")
                .then().body("datasets.id", equalTo(List.of(OTHER + "/" + byKeyword)));
        assertError(admin().queryParam("owner", "Bad Owner").get("/api/datasets"), 400, "invalid_name");

        // one at a time, following 'next'
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 5; page++) {
            var request = admin().queryParam("q", marker).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath json = request.get("/api/datasets").then().statusCode(200).extract().jsonPath();
            seen.addAll(json.getList("datasets.id"));
            cursor = json.getString("next");
            if (cursor == null) {
                break;
            }
        }
        assertEquals(found.getList("datasets.id"), seen);
        assertFalse(seen.contains(OWNER + "/" + hidden));
    }
}
