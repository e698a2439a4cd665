package org.metagov.metastore.storage.github;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Branch;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.StorageBackend;

/**
 * Branches through the git data API ({@code git/ref(s)/heads/*}) and ancestry through the compare API. Our
 * {@code main} is the repository's default branch, whatever GitHub calls it.
 */
class GitHubBranches {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

    private final GitHubClient github;

    GitHubBranches(GitHubClient github) {
        this.github = github;
    }

    static String onGitHub(String branch, String defaultBranch) {
        return StorageBackend.MAIN.equals(branch) ? defaultBranch : branch;
    }

    /** The head of a branch, or null when it does not exist. */
    String headOrNull(DatasetId id, String ghBranch) {
        if (!NAME.matcher(ghBranch).matches()) {
            return null;
        }
        GitHubClient.Answer ref = github.get(GitHubStorageBackend.repoPath(id) + "/git/ref/heads/" + ghBranch);
        if (ref.status() == 404 || ref.status() == 409) {
            return null;
        }
        return github.expectOk(ref, "read branch " + ghBranch + " of " + id).path("object").path("sha").asText();
    }

    String head(DatasetId id, String branch, String defaultBranch) {
        String head = headOrNull(id, onGitHub(branch, defaultBranch));
        if (head == null) {
            throw NotFound.branch(id, branch);
        }
        return head;
    }

    List<Branch> list(DatasetId id, String defaultBranch) {
        JsonNode refs = github.expectOk(github.get(GitHubStorageBackend.repoPath(id) + "/git/matching-refs/heads/"),
                "list branches of " + id);
        List<Branch> branches = new ArrayList<>();
        for (JsonNode ref : refs) {
            String name = ref.path("ref").asText().substring("refs/heads/".length());
            String shown = name.equals(defaultBranch) ? StorageBackend.MAIN : name;
            if (NAME.matcher(shown).matches() && (shown.equals(name) || !name.equals(StorageBackend.MAIN))) {
                branches.add(new Branch(shown, ref.path("object").path("sha").asText()));
            }
        }
        branches.sort(Comparator.comparing(Branch::name));
        return branches;
    }

    Branch create(DatasetId id, String name, String revision) {
        GitHubClient.Answer ref = github.post(GitHubStorageBackend.repoPath(id) + "/git/refs",
                Map.of("ref", "refs/heads/" + name, "sha", revision));
        if (ref.status() == 422 && headOrNull(id, name) != null) {
            throw MetastoreException.conflict("Dataset " + id + " already has a branch '" + name + "'");
        }
        github.expectOk(ref, "create branch " + name + " of " + id);
        return new Branch(name, revision);
    }

    void delete(DatasetId id, String name, String defaultBranch) {
        if (StorageBackend.MAIN.equals(name) || name.equals(defaultBranch)) {
            throw MetastoreException.conflict("Branch 'main' is the default branch and cannot be deleted");
        }
        head(id, name, defaultBranch);
        GitHubClient.Answer deleted = github.delete(GitHubStorageBackend.repoPath(id) + "/git/refs/heads/" + name);
        if (deleted.status() == 422) {
            throw NotFound.branch(id, name); // deleted concurrently
        }
        github.expectOk(deleted, "delete branch " + name + " of " + id);
    }

    /** {@code GET /compare/{base}...{head}}: null when GitHub knows no such pair. */
    JsonNode compare(DatasetId id, String base, String head) {
        GitHubClient.Answer answer = github.get(GitHubStorageBackend.repoPath(id) + "/compare/" + base + "..." + head);
        if (answer.status() == 404 || answer.status() == 422) {
            return null;
        }
        return github.expectOk(answer, "compare revisions of " + id);
    }
}
