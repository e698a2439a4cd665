package org.metagov.metastore.storage.github;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Author;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.NotFound;
import org.metagov.metastore.storage.Tag;

import io.quarkus.logging.Log;

/**
 * Annotated tags through the git data API. Uses {@code git/ref/tags/<name>} (singular), which matches
 * exactly; the plural form answers prefix matches ({@code v1.0} would also find {@code v1.0.0}).
 * GitHub has no multi-ref transaction, so a rename creates the new ref, then deletes the old one, and
 * removes the new ref again if that fails; a per-dataset lock keeps this instance's updates in order.
 */
class GitHubTags {

    private final GitHubClient github;
    private final GitHubStorageBackend backend;
    private final ReentrantLock[] locks = new ReentrantLock[64];

    GitHubTags(GitHubClient github, GitHubStorageBackend backend) {
        this.github = github;
        this.backend = backend;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    private static String refPath(DatasetId id, String name) {
        return GitHubStorageBackend.repoPath(id) + "/git/refs/tags/" + name;
    }

    Tag create(DatasetId id, String name, String commit, String description, Author tagger) {
        if (github.get(GitHubStorageBackend.repoPath(id) + "/git/ref/tags/" + name).ok()) {
            throw exists(id, name);
        }
        String tag = writeTag(id, name, commit, description, GitHubStorageBackend.person(tagger, Instant.now()));
        GitHubClient.Answer ref = github.post(GitHubStorageBackend.repoPath(id) + "/git/refs",
                Map.of("ref", "refs/tags/" + name, "sha", tag));
        if (ref.status() == 422) {
            throw exists(id, name); // "Reference already exists": created concurrently
        }
        github.expectOk(ref, "create tag " + name + " of " + id);
        return get(id, name);
    }

    List<Tag> list(DatasetId id) {
        GitHubClient.Answer refs = github.get(GitHubStorageBackend.repoPath(id) + "/git/matching-refs/tags/");
        List<Tag> tags = new ArrayList<>();
        for (JsonNode ref : github.expectOk(refs, "list tags of " + id)) {
            tags.add(toTag(id, ref));
        }
        tags.sort(Comparator.comparing(Tag::name));
        return tags;
    }

    Tag get(DatasetId id, String name) {
        return toTag(id, ref(id, name));
    }

    /** The commit a tag points at; 404 (as an unknown ref) if there is no such tag. */
    String peel(DatasetId id, String name) {
        GitHubClient.Answer ref = github.get(GitHubStorageBackend.repoPath(id) + "/git/ref/tags/" + name);
        if (ref.status() == 404) {
            throw NotFound.revision(id, name);
        }
        return toTag(id, github.expectOk(ref, "read tag " + name + " of " + id)).revision();
    }

    Tag update(DatasetId id, String name, String newName, String newDescription) {
        ReentrantLock lock = locks[Math.floorMod(id.hashCode(), locks.length)];
        lock.lock();
        try {
            JsonNode ref = ref(id, name);
            Tag current = toTag(id, ref);
            String name2 = newName == null ? name : newName;
            String description2 = newDescription == null ? current.description() : newDescription;
            if (name2.equals(name) && description2.equals(current.description())) {
                throw MetastoreException.badRequest("Nothing to change: tag '" + name + "' already has this name "
                        + "and description");
            }
            Map<String, Object> tagger = GitHubStorageBackend.person(
                    current.author() == null ? new Author("metastore", "") : current.author(), current.created());
            String tag = writeTag(id, name2, current.revision(), description2, tagger);
            if (name2.equals(name)) {
                github.expectOk(github.patch(refPath(id, name), Map.of("sha", tag, "force", true)),
                        "update tag " + name + " of " + id);
            } else {
                rename(id, name, name2, tag);
            }
            return get(id, name2);
        } finally {
            lock.unlock();
        }
    }

    private void rename(DatasetId id, String name, String newName, String tag) {
        GitHubClient.Answer created = github.post(GitHubStorageBackend.repoPath(id) + "/git/refs",
                Map.of("ref", "refs/tags/" + newName, "sha", tag));
        if (created.status() == 422) {
            throw exists(id, newName);
        }
        github.expectOk(created, "create tag " + newName + " of " + id);
        GitHubClient.Answer deleted = github.delete(refPath(id, name));
        if (!deleted.ok()) {
            Log.warnf("Renaming tag %s of %s: deleting the old ref failed (HTTP %d); undoing", name, id,
                    deleted.status());
            github.delete(refPath(id, newName));
            throw MetastoreException.conflict("Tag '" + name + "' was changed concurrently; retry");
        }
    }

    void delete(DatasetId id, String name) {
        GitHubClient.Answer deleted = github.delete(refPath(id, name));
        if (deleted.status() == 404 || deleted.status() == 422) {
            throw NotFound.tag(id, name);
        }
        github.expectOk(deleted, "delete tag " + name + " of " + id);
    }

    private JsonNode ref(DatasetId id, String name) {
        GitHubClient.Answer ref = github.get(GitHubStorageBackend.repoPath(id) + "/git/ref/tags/" + name);
        if (ref.status() == 404) {
            throw NotFound.tag(id, name);
        }
        return github.expectOk(ref, "read tag " + name + " of " + id);
    }

    private String writeTag(DatasetId id, String name, String commit, String description, Map<String, Object> tagger) {
        Map<String, Object> tag = new LinkedHashMap<>();
        tag.put("tag", name);
        tag.put("message", description);
        tag.put("object", commit);
        tag.put("type", "commit");
        tag.put("tagger", tagger);
        return github.expectOk(github.post(GitHubStorageBackend.repoPath(id) + "/git/tags", tag),
                "write tag " + name + " of " + id).path("sha").asText();
    }

    /** Annotated tags carry tagger and message; a lightweight tag (pushed by hand) gets its commit's date. */
    private Tag toTag(DatasetId id, JsonNode ref) {
        String name = ref.path("ref").asText().substring("refs/tags/".length());
        JsonNode object = ref.path("object");
        if ("tag".equals(object.path("type").asText())) {
            JsonNode tag = github.expectOk(github.get(GitHubStorageBackend.repoPath(id) + "/git/tags/"
                    + object.path("sha").asText()), "read tag " + name + " of " + id);
            JsonNode tagger = tag.path("tagger");
            return new Tag(name, tag.path("object").path("sha").asText(), GitHubStorageBackend.date(tagger.path("date")),
                    new Author(tagger.path("name").asText(), tagger.path("email").asText()),
                    tag.path("message").asText());
        }
        String commit = object.path("sha").asText();
        Instant created = GitHubStorageBackend.toRevision(commit, backend.commitJson(id, commit)).created();
        return new Tag(name, commit, created, null, "");
    }

    private static MetastoreException exists(DatasetId id, String name) {
        return MetastoreException.conflict("Dataset " + id + " already has a tag '" + name + "'");
    }
}
