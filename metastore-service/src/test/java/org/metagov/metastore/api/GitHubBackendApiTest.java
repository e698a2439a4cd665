package org.metagov.metastore.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metagov.metastore.support.Api.admin;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.support.FakeGitHub;
import org.metagov.metastore.support.FakeGitHubResource;
import org.metagov.metastore.support.GitFiles;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The API contract on the github backend, against a WireMock server that answers as GitHub's REST API does
 * ({@link FakeGitHub}: every repository a real in-memory git repository).
 */
@QuarkusTest
@WithTestResource(value = FakeGitHubResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class GitHubBackendApiTest extends DatasetApiContract implements BranchMergeContract {

    WireMockServer server;
    FakeGitHub github;

    @Override
    protected Map<String, String> filesAt(String owner, String name, String revision) {
        FakeGitHub.FakeRepo repo = github.repo(owner, name);
        assertNotNull(repo, "repository " + owner + "/" + name + " on GitHub");
        return GitFiles.at(repo.git(), revision);
    }

    @Test
    void aDatasetIsARepositoryWrittenThroughTheGitDataApi() {
        String name = unique("gh");
        String r1 = create(OWNER, name, pkg("title", "one"));
        String org = unique("gh-org");
        create(OTHER, org, pkg("title", "org"));
        server.verify(postRequestedFor(urlEqualTo("/user/repos"))
                .withRequestBody(equalToJson("{\"name\": \"" + name + "\", \"private\": true, \"auto_init\": true, "
                        + "\"description\": \"MetaStore dataset\"}", true, true)));
        server.verify(postRequestedFor(urlEqualTo("/orgs/other/repos"))
                .withRequestBody(equalToJson("{\"name\": \"" + org + "\"}", true, true)));
        // the first revision replaces GitHub's initial commit: history starts with the dataset
        assertEquals(List.of(r1), revisionIds(OWNER, name));

        String r2 = put(OWNER, name, pkg("title", "two"), "second");
        // an update is a fast-forward only (never forced), which makes it a compare-and-swap
        server.verify(patchRequestedFor(urlPathEqualTo("/repos/acme/" + name + "/git/refs/heads/main"))
                .withRequestBody(equalToJson("{\"sha\": \"" + r2 + "\", \"force\": false}")));
        admin().body(Map.of("name", "v1", "revision", r1)).post("/api/datasets/{o}/{n}/tags", OWNER, name).then()
                .statusCode(201);
        server.verify(postRequestedFor(urlEqualTo("/repos/acme/" + name + "/git/tags"))
                .withRequestBody(equalToJson("{\"tag\": \"v1\", \"object\": \"" + r1 + "\", \"type\": \"commit\"}",
                        true, true)));
        assertEquals("two", GitFiles.at(github.repo(OWNER, name).git(), r2).get("datapackage.json")
                .replaceAll("(?s).*\"title\" : \"([^\"]*)\".*", "$1"));

        // delete archives the repository; purge deletes it
        admin().delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        assertTrue(github.repo(OWNER, name).archived());
        admin().queryParam("purge", "true").delete("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(204);
        assertNull(github.repo(OWNER, name));
    }

    @Test
    void aFailedCreateLeavesNoRepositoryBehind() {
        String name = unique("gh-fail");
        github.failNext("POST /repos/acme/" + name + "/git/commits", 1);
        admin().body(Map.of("owner", OWNER, "name", name, "datapackage", Map.of("title", "x")))
                .post("/api/datasets").then().statusCode(502).body("error", equalTo("bad_gateway"));
        assertNull(github.repo(OWNER, name));
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(404);
        create(OWNER, name, pkg("title", "second try"));
    }

    @Test
    void aFailedUpdateLeavesTheDatasetAsItWas() {
        String name = unique("gh-upd");
        String r1 = create(OWNER, name, pkg("title", "one"));
        github.failNext("PATCH /repos/acme/" + name + "/git/refs/heads/main", 1);
        admin().body(Map.of("datapackage", Map.of("title", "two"))).put("/api/datasets/{o}/{n}", OWNER, name).then()
                .statusCode(502).body("error", equalTo("bad_gateway"));
        admin().get("/api/datasets/{o}/{n}", OWNER, name).then().statusCode(200).body("revision.id", equalTo(r1))
                .body("datapackage.title", equalTo("one"));
        assertEquals(List.of(r1), revisionIds(OWNER, name));
    }

    @Test
    void anOwnerThatIsNeitherTheTokenUserNorAnOrganizationIs400() {
        admin().body(Map.of("owner", "nobody", "name", unique("x"), "datapackage", Map.of())).post("/api/datasets")
                .then().statusCode(400).body("error", equalTo("invalid_owner"));
    }
}
