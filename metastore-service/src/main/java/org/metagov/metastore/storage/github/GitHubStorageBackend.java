package org.metagov.metastore.storage.github;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Author;
import org.metagov.metastore.storage.BeforePublish;
import org.metagov.metastore.storage.Branch;
import org.metagov.metastore.storage.DatasetFiles;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.RevisionPage;
import org.metagov.metastore.storage.Snapshot;
import org.metagov.metastore.storage.StaleRevisionException;
import org.metagov.metastore.storage.StorageBackend;
import org.metagov.metastore.storage.Tag;

import io.quarkus.logging.Log;

/**
 * Datasets as GitHub repositories ({@code owner/name} is the repository), written with the git data API.
 *
 * <p>Atomicity: blobs, tree and commit are created first and become visible only when the branch ref
 * is moved. The ref update is not forced, so GitHub accepts it only as a fast-forward: since every
 * commit's parent is the revision the write was based on, a branch that moved in between makes the
 * update fail (422) and nothing is visible — the same compare-and-swap as the git backend. A failed
 * create deletes the half-made repository. Soft delete archives the repository; purge deletes it.
 * Datasets are listed from the token's repositories that carry {@link #MARKER} as description.
 */
public class GitHubStorageBackend implements StorageBackend {

    static final String MARKER = "MetaStore dataset";
    private static final Pattern REVISION_ID = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final GitHubClient github;
    private final boolean privateRepos;
    private final GitHubTags tags;
    private final GitHubBranches branches;
    private volatile String login;

    public GitHubStorageBackend(GitHubClient github, boolean privateRepos) {
        this.github = github;
        this.privateRepos = privateRepos;
        this.tags = new GitHubTags(github, this);
        this.branches = new GitHubBranches(github);
    }

    static String repoPath(DatasetId id) {
        return "/repos/" + id.owner() + "/" + id.name();
    }

    /** The repository's default branch, or 404 if the dataset is missing or archived (soft-deleted). */
    String branch(DatasetId id) {
        GitHubClient.Answer repo = github.get(repoPath(id));
        if (repo.status() == 404 || repo.ok() && repo.body().path("archived").asBoolean(false)) {
            throw NotFound.dataset(id);
        }
        return github.expectOk(repo, "read repository " + id).path("default_branch").asText("main");
    }

    /** The head of the repository's default branch; 404 dataset when there is none (an empty repository). */
    String defaultHead(DatasetId id, String defaultBranch) {
        String head = branches.headOrNull(id, defaultBranch);
        if (head == null) {
            throw NotFound.dataset(id);
        }
        return head;
    }

    @Override
    public Revision create(DatasetId id, DatasetFiles files, Author author, String message, BeforePublish hook) {
        Map<String, Object> repo = new LinkedHashMap<>();
        repo.put("name", id.name());
        repo.put("description", MARKER);
        repo.put("private", privateRepos);
        repo.put("auto_init", true); // the git data API needs an existing branch to move
        String endpoint = id.owner().equals(login()) ? "/user/repos" : "/orgs/" + id.owner() + "/repos";
        GitHubClient.Answer created = github.post(endpoint, repo);
        if (created.status() == 422) {
            throw MetastoreException.conflict("Dataset " + id + " already exists (a deleted dataset keeps its id "
                    + "until it is purged)");
        }
        if (created.status() == 404) {
            throw new MetastoreException(400, "invalid_owner", "GitHub has no organization '" + id.owner()
                    + "' that the configured token can create repositories in");
        }
        String branch = github.expectOk(created, "create repository " + id).path("default_branch").asText("main");
        try {
            String commit = writeCommit(id, files, author, message, List.of());
            hook.written(commit);
            github.expectOk(github.patch(repoPath(id) + "/git/refs/heads/" + branch,
                    Map.of("sha", commit, "force", true)), "set the first revision of " + id);
            return revision(id, commit);
        } catch (RuntimeException e) {
            Log.warnf("Creating %s on GitHub failed; deleting the half-made repository", id);
            github.delete(repoPath(id));
            throw e;
        }
    }

    @Override
    public Snapshot read(DatasetId id, String ref) {
        String branch = branch(id);
        String commit = resolve(id, branch, ref);
        JsonNode json = commitJson(id, commit);
        JsonNode tree = github.expectOk(github.get(repoPath(id) + "/git/trees/" + json.path("tree").path("sha")
                .asText()), "read a tree of " + id);
        for (JsonNode entry : tree.path("tree")) {
            if (DatasetFiles.DATAPACKAGE.equals(entry.path("path").asText()) && "blob".equals(entry.path("type")
                    .asText())) {
                JsonNode blob = github.expectOk(github.get(repoPath(id) + "/git/blobs/" + entry.path("sha").asText()),
                        "read datapackage.json of " + id);
                byte[] content = Base64.getMimeDecoder().decode(blob.path("content").asText());
                return new Snapshot(id, toRevision(commit, json), content);
            }
        }
        throw NotFound.revision(id, commit);
    }

    @Override
    public String resolve(DatasetId id, String ref) {
        String commit = resolve(id, branch(id), ref);
        commitJson(id, commit);
        return commit;
    }

    @Override
    public Revision commit(DatasetId id, String branch, DatasetFiles files, Author author, String message,
            List<String> parents, BeforePublish hook) {
        String defaultBranch = branch(id);
        String ghBranch = GitHubBranches.onGitHub(branch, defaultBranch);
        branches.head(id, branch, defaultBranch); // 404 for a missing branch
        String commit = writeCommit(id, files, author, message, parents);
        hook.written(commit);
        return moveBranch(id, ghBranch, parents.get(0), commit);
    }

    @Override
    public Revision fastForward(DatasetId id, String branch, String expected, String target, BeforePublish hook) {
        String ghBranch = GitHubBranches.onGitHub(branch, branch(id));
        hook.written(target);
        return moveBranch(id, ghBranch, expected, target);
    }

    /** Not forced, so GitHub takes it only as a fast-forward: the compare-and-swap (see the class comment). */
    private Revision moveBranch(DatasetId id, String ghBranch, String expected, String commit) {
        GitHubClient.Answer moved = github.patch(repoPath(id) + "/git/refs/heads/" + ghBranch,
                Map.of("sha", commit, "force", false));
        if (moved.status() == 422 || moved.status() == 409) { // "Update is not a fast forward"
            throw new StaleRevisionException(expected, branches.headOrNull(id, ghBranch));
        }
        github.expectOk(moved, "move the branch of " + id);
        return revision(id, commit);
    }

    /** Tree with every file inline, then a commit on {@code parent}; unreferenced until a ref points at it. */
    private String writeCommit(DatasetId id, DatasetFiles files, Author author, String message,
            List<String> parents) {
        List<Map<String, Object>> entries = new ArrayList<>();
        files.files().forEach((path, content) -> entries.add(Map.of("path", path, "mode", "100644", "type", "blob",
                "content", new String(content, StandardCharsets.UTF_8))));
        String tree = github.expectOk(github.post(repoPath(id) + "/git/trees", Map.of("tree", entries)),
                "write a tree for " + id).path("sha").asText();
        Map<String, Object> who = person(author, Instant.now());
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("message", message);
        commit.put("tree", tree);
        commit.put("parents", parents);
        commit.put("author", who);
        commit.put("committer", who);
        return github.expectOk(github.post(repoPath(id) + "/git/commits", commit), "write a commit for " + id)
                .path("sha").asText();
    }

    static Map<String, Object> person(Author author, Instant when) {
        // GitHub rejects an empty email; tokens without one still need an identity
        String email = author.email() == null || author.email().isBlank() ? "noreply@metastore.invalid"
                : author.email();
        // git keeps whole seconds; GitHub documents the date as YYYY-MM-DDTHH:MM:SSZ
        return Map.of("name", author.name(), "email", email, "date",
                when.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    @Override
    public void hide(DatasetId id) {
        branch(id);
        github.expectOk(github.patch(repoPath(id), Map.of("archived", true)), "archive " + id);
    }

    @Override
    public void purge(DatasetId id) {
        GitHubClient.Answer deleted = github.delete(repoPath(id));
        if (deleted.status() == 404) {
            throw NotFound.dataset(id);
        }
        github.expectOk(deleted, "delete repository " + id + " (the token needs the delete_repo scope)");
    }

    @Override
    public RevisionPage revisions(DatasetId id, String start, int limit) {
        String from = start == null ? defaultHead(id, branch(id)) : start;
        if (start != null) {
            branch(id);
            commitJson(id, start);
        }
        JsonNode list = github.expectOk(github.get(repoPath(id) + "/commits?sha=" + from + "&per_page=" + limit),
                "list revisions of " + id);
        List<Revision> page = new ArrayList<>();
        String next = null;
        for (JsonNode item : list) {
            page.add(toRevision(item.path("sha").asText(), item.path("commit"), item.path("parents")));
            JsonNode parents = item.path("parents");
            next = parents.size() > 0 ? parents.get(0).path("sha").asText() : null;
        }
        return new RevisionPage(page, page.size() == limit ? next : null);
    }

    @Override
    public Stream<DatasetId> datasets(String owner, DatasetId after) {
        List<DatasetId> ids = new ArrayList<>();
        for (int page = 1;; page++) {
            JsonNode repos = github.expectOk(github.get("/user/repos?per_page=100&page=" + page), "list repositories");
            for (JsonNode repo : repos) {
                String repoOwner = repo.path("owner").path("login").asText();
                String name = repo.path("name").asText();
                if (MARKER.equals(repo.path("description").asText()) && !repo.path("archived").asBoolean(false)
                        && (owner == null || owner.equals(repoOwner))
                        && NAME.matcher(repoOwner).matches() && NAME.matcher(name).matches()) {
                    ids.add(new DatasetId(repoOwner, name));
                }
            }
            if (repos.size() < 100) {
                break;
            }
        }
        ids.sort(ORDER);
        return ids.stream().filter(id -> after == null || ORDER.compare(id, after) > 0);
    }

    /** Head of the default branch, a revision id, a branch's head, or a tag peeled to its commit. */
    String resolve(DatasetId id, String defaultBranch, String ref) {
        if (ref == null) {
            return defaultHead(id, defaultBranch);
        }
        if (REVISION_ID.matcher(ref).matches()) {
            return ref;
        }
        String head = branches.headOrNull(id, GitHubBranches.onGitHub(ref, defaultBranch));
        return head != null ? head : tags.peel(id, ref);
    }

    JsonNode commitJson(DatasetId id, String sha) {
        GitHubClient.Answer commit = github.get(repoPath(id) + "/git/commits/" + sha);
        if (commit.status() == 404 || commit.status() == 422) {
            throw NotFound.revision(id, sha);
        }
        return github.expectOk(commit, "read revision " + sha + " of " + id);
    }

    private Revision revision(DatasetId id, String sha) {
        return toRevision(sha, commitJson(id, sha));
    }

    /** From a git commit object as the API shows it (the {@code commit} member of a list item has the same shape). */
    static Revision toRevision(String sha, JsonNode commit) {
        return toRevision(sha, commit, commit.path("parents"));
    }

    /** A list item keeps {@code parents} beside its {@code commit} member, a git commit object inside it. */
    static Revision toRevision(String sha, JsonNode commit, JsonNode parents) {
        List<String> parentIds = new ArrayList<>();
        parents.forEach(parent -> parentIds.add(parent.path("sha").asText()));
        JsonNode author = commit.path("author");
        return new Revision(sha, date(author.path("date")),
                new Author(author.path("name").asText(), author.path("email").asText()),
                commit.path("message").asText(), List.copyOf(parentIds));
    }

    /** GitHub writes ISO 8601 timestamps, normally in UTC ({@code Z}), but an offset is valid too. */
    static Instant date(JsonNode value) {
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw MetastoreException.upstream("GitHub answered an unreadable date '" + value.asText() + "'");
        }
    }

    private String login() {
        if (login == null) {
            login = github.expectOk(github.get("/user"), "identify the token's user").path("login").asText();
        }
        return login;
    }

    @Override
    public Tag createTag(DatasetId id, String name, String revision, String description, Author tagger) {
        String commit = resolve(id, branch(id), revision);
        commitJson(id, commit);
        return tags.create(id, name, commit, description, tagger);
    }

    @Override
    public List<Tag> tags(DatasetId id) {
        branch(id);
        return tags.list(id);
    }

    @Override
    public Tag tag(DatasetId id, String name) {
        branch(id);
        return tags.get(id, name);
    }

    @Override
    public Tag updateTag(DatasetId id, String name, String newName, String newDescription) {
        branch(id);
        return tags.update(id, name, newName, newDescription);
    }

    @Override
    public void deleteTag(DatasetId id, String name) {
        branch(id);
        tags.delete(id, name);
    }

    @Override
    public String head(DatasetId id, String branch) {
        return branches.head(id, branch, branch(id));
    }

    @Override
    public List<Branch> branches(DatasetId id) {
        return branches.list(id, branch(id));
    }

    @Override
    public Branch createBranch(DatasetId id, String name, String revision) {
        return branches.create(id, name, resolve(id, revision));
    }

    @Override
    public void deleteBranch(DatasetId id, String name) {
        branches.delete(id, name, branch(id));
    }

    @Override
    public String mergeBase(DatasetId id, String a, String b) {
        branch(id);
        JsonNode comparison = branches.compare(id, a, b);
        return comparison == null || comparison.path("merge_base_commit").isMissingNode() ? null
                : comparison.path("merge_base_commit").path("sha").asText(null);
    }

    @Override
    public boolean contains(DatasetId id, String branch, String revision) {
        GitHubClient.Answer repo = github.get(repoPath(id));
        if (!repo.ok()) {
            return false;
        }
        String ghBranch = GitHubBranches.onGitHub(branch, repo.body().path("default_branch").asText("main"));
        JsonNode comparison = branches.compare(id, revision, ghBranch);
        String status = comparison == null ? "" : comparison.path("status").asText();
        return status.equals("ahead") || status.equals("identical");
    }
}
