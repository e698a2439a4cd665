package org.metagov.metastore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.metastore.support.Api.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.GitFiles;
import org.metagov.metastore.support.TempDataDir;
import org.metagov.metastore.support.Tokens;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** The API contract on the git backend: one bare repository per dataset under a temporary data directory. */
@QuarkusTest
@WithTestResource(value = TempDataDir.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class GitBackendApiTest extends DatasetApiContract implements BranchMergeContract {

    Path dataDir;

    private Repository open(String owner, String name) throws IOException {
        Path dir = dataDir.resolve("datasets").resolve(owner).resolve(name + ".git");
        assertTrue(Files.isDirectory(dir), "bare repository at " + dir);
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    @Override
    protected Map<String, String> filesAt(String owner, String name, String revision) {
        try (Repository repo = open(owner, name)) {
            return GitFiles.at(repo, revision);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aChunkedBodyOver5MiBIs413Too() throws Exception {
        String name = unique("chunked");
        String first = create(OWNER, name, pkg("title", "small"));
        byte[] prefix = "{\"datapackage\": {\"description\": \"".getBytes(StandardCharsets.UTF_8);
        long size = 6L * 1024 * 1024;
        java.io.InputStream body = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(prefix),
                new java.io.InputStream() { // no Content-Length: sent chunked
                    long left = size;

                    @Override
                    public int read() {
                        return left-- > 0 ? 'x' : -1;
                    }
                });
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/api/datasets/" + OWNER + "/" + name)).header("Authorization", "Bearer " + Tokens.admin())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            response = null; // the server may close the connection while the client still sends: also a refusal
        }
        if (response != null) {
            assertEquals(413, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"payload_too_large\""), response.body());
        }
        assertEquals(List.of(first), revisionIds(OWNER, name));
    }

    @Test
    void aDatasetIsABareRepositoryWithOneCommitPerRevisionAndAnnotatedTags() throws IOException {
        String name = unique("layout");
        String r1 = create(OWNER, name, pkg("title", "one"));
        String r2 = put(OWNER, name, pkg("title", "two"), "second");
        admin().body(Map.of("name", "v1", "revision", r1, "description", "First")).post("/api/datasets/{o}/{n}/tags",
                OWNER, name).then().statusCode(201);
        try (Repository repo = open(OWNER, name); RevWalk walk = new RevWalk(repo)) {
            assertTrue(repo.isBare());
            assertEquals(r2, repo.exactRef("refs/heads/main").getObjectId().name());
            assertEquals(r1, walk.parseCommit(repo.resolve(r2)).getParent(0).name());
            Ref tag = repo.exactRef("refs/tags/v1");
            RevObject object = walk.parseAny(tag.getObjectId());
            RevTag annotated = assertInstanceOf(RevTag.class, object);
            assertEquals(r1, annotated.getObject().name());
            assertEquals("First", annotated.getFullMessage());
            assertEquals("Admin", annotated.getTaggerIdent().getName());
            String json = GitFiles.at(repo, r2).get("datapackage.json");
            assertTrue(json.contains("\"title\" : \"two\""), json);
            assertTrue(json.endsWith("}\n"));
        }
        // hidden, then purged: the repository is gone from the data directory
        admin().delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        try (Repository repo = open(OWNER, name)) {
            assertNotNull(repo.exactRef("refs/heads/main"));
        }
        admin().queryParam("purge", "true").delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        assertTrue(Files.notExists(dataDir.resolve("datasets").resolve(OWNER).resolve(name + ".git")));
        try (var leftovers = Files.list(dataDir.resolve("tmp"))) {
            assertEquals(List.of(), leftovers.toList(), "no staging or purge leftovers");
        }
    }
}
