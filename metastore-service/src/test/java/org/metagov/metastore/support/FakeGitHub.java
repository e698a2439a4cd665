package org.metagov.metastore.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A stateful stand-in for the parts of GitHub's REST API (v3) that the github backend calls, as a WireMock
 * extension: repositories ({@code /user/repos}, {@code /orgs/{org}/repos}, {@code /repos/{o}/{r}}), the git data
 * API (blobs, trees, commits, refs, annotated tags), the commit list and contents. Every repository is a real
 * (in-memory) JGit repository, so object ids, fast-forward checks and histories behave as on GitHub. Status codes
 * and messages follow GitHub's documentation: 404 {@code Not Found}, 409 {@code Git Repository is empty.}, 422
 * {@code Reference already exists} / {@code Update is not a fast forward} / {@code Reference does not exist},
 * 403 for writes to an archived repository, 401 {@code Bad credentials}.
 *
 * <p>Tests can make the next call of a kind fail ({@link #failNext}) to check that a failed write leaves the
 * dataset as it was.
 */
public class FakeGitHub implements ResponseDefinitionTransformerV2 {

    public static final String TOKEN = "ghp_fake_token_for_tests";
    public static final String LOGIN = "acme";
    public static final Set<String> ORGS = Set.of("example-org", "other");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCS = "https://docs.github.com/rest";
    private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");

    private final Map<String, FakeRepo> repos = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private volatile String baseUrl = "http://localhost";

    /** One repository: its metadata and its git objects and refs. */
    public static final class FakeRepo {
        final String owner;
        final String name;
        final int id;
        final boolean org;
        final InMemoryRepository git;
        String description;
        boolean isPrivate;
        boolean archived;
        final String created = Instant.now().toString();

        FakeRepo(String owner, String name, int id, boolean org) {
            this.owner = owner;
            this.name = name;
            this.id = id;
            this.org = org;
            this.git = new InMemoryRepository(new DfsRepositoryDescription(owner + "/" + name));
        }

        public Repository git() {
            return git;
        }

        public boolean archived() {
            return archived;
        }
    }

    @Override
    public String getName() {
        return "fake-github";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    public void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public FakeRepo repo(String owner, String name) {
        return repos.get(owner + "/" + name);
    }

    /**
     * The next {@code count} requests whose "METHOD path" matches {@code regex} answer 500, as GitHub does when
     * it has an incident; e.g. {@code failNext("POST /repos/acme/x/git/commits", 1)}.
     */
    public void failNext(String regex, int count) {
        failures.put(regex, new AtomicInteger(count));
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String url = request.getUrl();
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String method = request.getMethod().getName();
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            return answer(401, message("Bad credentials"));
        }
        for (Map.Entry<String, AtomicInteger> failure : failures.entrySet()) {
            if ((method + " " + path).matches(failure.getKey()) && failure.getValue().getAndDecrement() > 0) {
                return answer(500, message("Server Error"));
            }
        }
        try {
            synchronized (this) { // GitHub serializes writes to one repository; we serialize everything
                JsonNode body = request.getBody() == null || request.getBody().length == 0 ? JSON.nullNode()
                        : JSON.readTree(request.getBody());
                return route(method, path, request, body);
            }
        } catch (IOException | RuntimeException e) {
            return answer(500, message("Fake GitHub failed: " + e));
        }
    }

    private ResponseDefinition route(String method, String path, Request request, JsonNode body) throws IOException {
        if (path.equals("/user") && method.equals("GET")) {
            return answer(200, JSON.createObjectNode().put("login", LOGIN).put("id", 1).put("type", "User"));
        }
        if (path.equals("/user/repos") && method.equals("POST")) {
            return createRepo(LOGIN, false, body);
        }
        if (path.equals("/user/repos") && method.equals("GET")) {
            return listRepos(request);
        }
        Matcher org = Pattern.compile("/orgs/([^/]+)/repos").matcher(path);
        if (org.matches() && method.equals("POST")) {
            if (!ORGS.contains(org.group(1))) {
                return answer(404, message("Not Found"));
            }
            return createRepo(org.group(1), true, body);
        }
        Matcher m = REPO.matcher(path);
        if (!m.matches()) {
            return answer(404, message("Not Found"));
        }
        FakeRepo repo = repos.get(m.group(1) + "/" + m.group(2));
        if (repo == null) {
            return answer(404, message("Not Found"));
        }
        String rest = m.group(3) == null ? "" : m.group(3);
        boolean write = !method.equals("GET");
        if (write && repo.archived && !rest.isEmpty()) {
            return answer(403, message("Repository was archived so is read-only."));
        }
        if (rest.isEmpty()) {
            return switch (method) {
                case "GET" -> answer(200, repoJson(repo));
                case "PATCH" -> {
                    if (body.has("archived")) {
                        repo.archived = body.get("archived").asBoolean();
                    }
                    if (body.has("description")) {
                        repo.description = body.get("description").asText();
                    }
                    yield answer(200, repoJson(repo));
                }
                case "DELETE" -> {
                    repos.remove(repo.owner + "/" + repo.name);
                    yield answer(204, null);
                }
                default -> answer(404, message("Not Found"));
            };
        }
        return git(repo, method, rest, request, body);
    }

    private ResponseDefinition git(FakeRepo repo, String method, String rest, Request request, JsonNode body)
            throws IOException {
        Repository git = repo.git;
        if (rest.startsWith("/git/ref/") && method.equals("GET")) {
            if (git.getRefDatabase().getRefs().isEmpty()) {
                return answer(409, message("Git Repository is empty."));
            }
            Ref ref = git.exactRef("refs/" + rest.substring("/git/ref/".length()));
            return ref == null ? answer(404, message("Not Found")) : answer(200, refJson(repo, ref));
        }
        if (rest.startsWith("/git/matching-refs/") && method.equals("GET")) {
            ArrayNode list = JSON.createArrayNode();
            for (Ref ref : git.getRefDatabase().getRefsByPrefix("refs/" + rest.substring("/git/matching-refs/".length()))) {
                list.add(refJson(repo, ref));
            }
            return answer(200, list);
        }
        if (rest.equals("/git/refs") && method.equals("POST")) {
            String name = body.path("ref").asText();
            if (!name.startsWith("refs/") || name.split("/").length < 3) {
                return answer(422, message("Reference name must start with 'refs/' and have at least two slashes."));
            }
            ObjectId sha = objectId(body.path("sha").asText());
            if (sha == null || !git.getObjectDatabase().has(sha)) {
                return answer(422, message("Object does not exist"));
            }
            if (git.exactRef(name) != null) {
                return answer(422, message("Reference already exists"));
            }
            RefUpdate update = git.updateRef(name);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setNewObjectId(sha);
            update.update();
            return answer(201, refJson(repo, git.exactRef(name)));
        }
        if (rest.startsWith("/git/refs/") && (method.equals("PATCH") || method.equals("DELETE"))) {
            String name = "refs/" + rest.substring("/git/refs/".length());
            Ref ref = git.exactRef(name);
            if (ref == null) {
                return answer(422, message("Reference does not exist"));
            }
            RefUpdate update = git.updateRef(name);
            update.setExpectedOldObjectId(ref.getObjectId());
            update.setForceUpdate(true);
            if (method.equals("DELETE")) {
                update.delete();
                return answer(204, null);
            }
            ObjectId sha = objectId(body.path("sha").asText());
            if (sha == null || !git.getObjectDatabase().has(sha)) {
                return answer(422, message("Object does not exist"));
            }
            if (!body.path("force").asBoolean(false) && !isAncestor(git, ref.getObjectId(), sha)) {
                return answer(422, message("Update is not a fast forward"));
            }
            update.setNewObjectId(sha);
            update.update();
            return answer(200, refJson(repo, git.exactRef(name)));
        }
        if (rest.equals("/git/trees") && method.equals("POST")) {
            return createTree(repo, body);
        }
        if (rest.startsWith("/git/trees/") && method.equals("GET")) {
            ObjectId sha = objectId(rest.substring("/git/trees/".length()));
            if (sha == null || !git.getObjectDatabase().has(sha)) {
                return answer(404, message("Not Found"));
            }
            try (RevWalk walk = new RevWalk(git)) {
                return answer(200, treeJson(repo, walk.parseTree(sha)));
            }
        }
        if (rest.startsWith("/git/blobs/") && method.equals("GET")) {
            ObjectId sha = objectId(rest.substring("/git/blobs/".length()));
            if (sha == null || !git.getObjectDatabase().has(sha)) {
                return answer(404, message("Not Found"));
            }
            byte[] bytes = git.open(sha, Constants.OBJ_BLOB).getBytes();
            ObjectNode blob = JSON.createObjectNode().put("sha", sha.name()).put("node_id", "B_" + sha.name())
                    .put("size", bytes.length).put("url", repoUrl(repo) + "/git/blobs/" + sha.name())
                    .put("content", Base64.getMimeEncoder(60, new byte[] { '\n' }).encodeToString(bytes) + "\n")
                    .put("encoding", "base64");
            return answer(200, blob);
        }
        if (rest.equals("/git/commits") && method.equals("POST")) {
            return createCommit(repo, body);
        }
        if (rest.startsWith("/git/commits/") && method.equals("GET")) {
            RevCommit commit = commit(git, rest.substring("/git/commits/".length()));
            return commit == null ? answer(404, message("Not Found")) : answer(200, gitCommitJson(repo, commit));
        }
        if (rest.equals("/git/tags") && method.equals("POST")) {
            return createTag(repo, body);
        }
        if (rest.startsWith("/git/tags/") && method.equals("GET")) {
            ObjectId sha = objectId(rest.substring("/git/tags/".length()));
            if (sha == null || !git.getObjectDatabase().has(sha)) {
                return answer(404, message("Not Found"));
            }
            try (RevWalk walk = new RevWalk(git)) {
                RevObject object = walk.parseAny(sha);
                if (!(object instanceof RevTag tag)) {
                    return answer(404, message("Not Found"));
                }
                return answer(200, tagJson(repo, tag));
            }
        }
        if (rest.equals("/commits") && method.equals("GET")) {
            return listCommits(repo, request);
        }
        if (rest.startsWith("/compare/") && method.equals("GET")) {
            return compare(repo, rest.substring("/compare/".length()));
        }
        if (rest.startsWith("/contents/") && method.equals("GET")) {
            return contents(repo, rest.substring("/contents/".length()), request);
        }
        return answer(404, message("Not Found"));
    }

    /**
     * {@code GET /repos/{o}/{r}/compare/{base}...{head}} (each a sha or a branch): {@code status} is identical,
     * ahead (head descends from base), behind or diverged, with the {@code merge_base_commit}; 404 for unknown refs.
     */
    private ResponseDefinition compare(FakeRepo repo, String spec) throws IOException {
        String[] sides = spec.split("\\.\\.\\.", -1);
        if (sides.length != 2) {
            return answer(404, message("Not Found"));
        }
        RevCommit base = commitOrBranch(repo.git, sides[0]);
        RevCommit head = commitOrBranch(repo.git, sides[1]);
        if (base == null || head == null) {
            return answer(404, message("Not Found"));
        }
        try (RevWalk walk = new RevWalk(repo.git)) {
            RevCommit b = walk.parseCommit(base);
            RevCommit h = walk.parseCommit(head);
            boolean baseInHead = walk.isMergedInto(b, h);
            boolean headInBase = walk.isMergedInto(walk.parseCommit(head), walk.parseCommit(base));
            String status = b.equals(h) ? "identical" : baseInHead ? "ahead" : headInBase ? "behind" : "diverged";
            walk.reset();
            walk.setRevFilter(org.eclipse.jgit.revwalk.filter.RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(base));
            walk.markStart(walk.parseCommit(head));
            RevCommit mergeBase = walk.next();
            ObjectNode json = JSON.createObjectNode().put("status", status)
                    .put("url", repoUrl(repo) + "/compare/" + spec);
            json.putObject("base_commit").put("sha", base.name());
            if (mergeBase != null) {
                json.putObject("merge_base_commit").put("sha", mergeBase.name());
            }
            return answer(200, json);
        }
    }

    private static RevCommit commitOrBranch(Repository git, String name) throws IOException {
        RevCommit commit = commit(git, name);
        if (commit != null) {
            return commit;
        }
        Ref branch = git.exactRef("refs/heads/" + name);
        return branch == null ? null : commit(git, branch.getObjectId().name());
    }

    private ResponseDefinition createRepo(String owner, boolean isOrg, JsonNode body) throws IOException {
        String name = body.path("name").asText();
        if (name.isEmpty()) {
            return answer(422, message("Repository creation failed."));
        }
        String key = owner + "/" + name;
        if (repos.containsKey(key)) {
            ObjectNode error = message("Repository creation failed.");
            error.putArray("errors").addObject().put("resource", "Repository").put("code", "custom")
                    .put("field", "name").put("message", "name already exists on this account");
            return answer(422, error);
        }
        FakeRepo repo = new FakeRepo(owner, name, ids.incrementAndGet(), isOrg);
        repo.description = body.path("description").isTextual() ? body.get("description").asText() : null;
        repo.isPrivate = body.path("private").asBoolean(false);
        repo.git.updateRef(Constants.HEAD).link("refs/heads/main");
        if (body.path("auto_init").asBoolean(false)) {
            try (ObjectInserter inserter = repo.git.newObjectInserter()) {
                ObjectId tree = writeTree(inserter, Map.of("README.md", ("# " + name + "\n").getBytes(StandardCharsets.UTF_8)));
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(tree);
                PersonIdent who = new PersonIdent(LOGIN, LOGIN + "@users.noreply.github.com");
                commit.setAuthor(who);
                commit.setCommitter(who);
                commit.setMessage("Initial commit");
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repo.git.updateRef("refs/heads/main");
                update.setNewObjectId(id);
                update.update();
            }
        }
        repos.put(key, repo);
        return answer(201, repoJson(repo));
    }

    private ResponseDefinition listRepos(Request request) {
        int perPage = intParam(request, "per_page", 30);
        int page = intParam(request, "page", 1);
        List<FakeRepo> all = new ArrayList<>(repos.values());
        all.sort(Comparator.comparing(r -> r.owner + "/" + r.name));
        ArrayNode list = JSON.createArrayNode();
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(r -> list.add(repoJson(r)));
        return answer(200, list);
    }

    private ResponseDefinition createTree(FakeRepo repo, JsonNode body) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode entry : body.path("tree")) {
            if (!entry.has("content")) {
                return answer(422, message("Invalid tree info: only inline content is supported by this fake"));
            }
            if (!"100644".equals(entry.path("mode").asText()) || !"blob".equals(entry.path("type").asText())) {
                return answer(422, message("Invalid tree info"));
            }
            files.put(entry.path("path").asText(), entry.path("content").asText().getBytes(StandardCharsets.UTF_8));
        }
        try (ObjectInserter inserter = repo.git.newObjectInserter(); RevWalk walk = new RevWalk(repo.git)) {
            ObjectId tree = writeTree(inserter, files);
            inserter.flush();
            return answer(201, treeJson(repo, walk.parseTree(tree)));
        }
    }

    private static ObjectId writeTree(ObjectInserter inserter, Map<String, byte[]> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    private ResponseDefinition createCommit(FakeRepo repo, JsonNode body) throws IOException {
        Repository git = repo.git;
        ObjectId tree = objectId(body.path("tree").asText());
        if (tree == null || !git.getObjectDatabase().has(tree)) {
            return answer(422, message("Tree SHA does not exist"));
        }
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        for (JsonNode parent : body.path("parents")) {
            if (commit(git, parent.asText()) == null) {
                return answer(422, message("Parent SHA does not exist or is not a commit object"));
            }
            commit.addParentId(ObjectId.fromString(parent.asText()));
        }
        PersonIdent author = person(body.path("author"));
        PersonIdent committer = body.has("committer") ? person(body.path("committer")) : author;
        if (author == null || committer == null) {
            return answer(422, message("Invalid request.\n\n\"email\", \"name\" weren't supplied."));
        }
        commit.setAuthor(author);
        commit.setCommitter(committer);
        commit.setMessage(body.path("message").asText());
        try (ObjectInserter inserter = git.newObjectInserter()) {
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return answer(201, gitCommitJson(repo, commit(git, id.name())));
        }
    }

    private ResponseDefinition createTag(FakeRepo repo, JsonNode body) throws IOException {
        Repository git = repo.git;
        ObjectId object = objectId(body.path("object").asText());
        if (object == null || !git.getObjectDatabase().has(object)) {
            return answer(422, message("Object does not exist"));
        }
        PersonIdent tagger = person(body.path("tagger"));
        if (tagger == null) {
            return answer(422, message("Invalid request.\n\n\"tagger\" wasn't supplied."));
        }
        TagBuilder tag = new TagBuilder();
        tag.setTag(body.path("tag").asText());
        tag.setMessage(body.path("message").asText());
        tag.setObjectId(object, Constants.OBJ_COMMIT);
        tag.setTagger(tagger);
        try (ObjectInserter inserter = git.newObjectInserter(); RevWalk walk = new RevWalk(git)) {
            ObjectId id = inserter.insert(tag);
            inserter.flush();
            return answer(201, tagJson(repo, walk.parseTag(id)));
        }
    }

    private ResponseDefinition listCommits(FakeRepo repo, Request request) throws IOException {
        Repository git = repo.git;
        if (git.getRefDatabase().getRefs().isEmpty()) {
            return answer(409, message("Git Repository is empty."));
        }
        String sha = param(request, "sha");
        ObjectId start;
        if (sha == null) {
            start = git.exactRef("refs/heads/main").getObjectId();
        } else if (git.exactRef("refs/heads/" + sha) != null) {
            start = git.exactRef("refs/heads/" + sha).getObjectId();
        } else {
            RevCommit commit = commit(git, sha);
            if (commit == null) {
                return answer(404, message("No commit found for SHA: " + sha));
            }
            start = commit;
        }
        int perPage = Math.min(intParam(request, "per_page", 30), 100);
        int page = intParam(request, "page", 1);
        ArrayNode list = JSON.createArrayNode();
        try (RevWalk walk = new RevWalk(git)) {
            walk.markStart(walk.parseCommit(start));
            int index = 0;
            for (RevCommit commit : walk) {
                if (index++ < (page - 1) * perPage) {
                    continue;
                }
                if (list.size() == perPage) {
                    break;
                }
                ObjectNode item = JSON.createObjectNode().put("sha", commit.name()).put("node_id", "C_" + commit.name());
                ObjectNode inner = gitCommitJson(repo, commit);
                inner.remove("sha");
                inner.remove("node_id");
                inner.remove("parents");
                inner.remove("html_url");
                inner.put("comment_count", 0);
                item.set("commit", inner);
                item.put("url", repoUrl(repo) + "/commits/" + commit.name());
                item.put("html_url", "https://github.com/" + repo.owner + "/" + repo.name + "/commit/" + commit.name());
                item.putNull("author");
                item.putNull("committer");
                item.set("parents", parents(repo, commit));
                list.add(item);
            }
        }
        return answer(200, list);
    }

    private ResponseDefinition contents(FakeRepo repo, String path, Request request) throws IOException {
        Repository git = repo.git;
        String ref = param(request, "ref");
        Ref branch = git.exactRef("refs/heads/main");
        RevCommit commit = ref == null ? (branch == null ? null : commit(git, branch.getObjectId().name()))
                : commit(git, ref);
        if (commit == null && ref != null && git.exactRef("refs/tags/" + ref) != null) {
            try (RevWalk walk = new RevWalk(git)) {
                commit = walk.parseCommit(walk.peel(walk.parseAny(git.exactRef("refs/tags/" + ref).getObjectId())));
            }
        }
        if (commit == null) {
            return answer(404, message("No commit found for the ref " + ref));
        }
        try (TreeWalk walk = TreeWalk.forPath(git, path, commit.getTree())) {
            if (walk == null) {
                return answer(404, message("Not Found"));
            }
            byte[] bytes = git.open(walk.getObjectId(0)).getBytes();
            return answer(200, JSON.createObjectNode().put("type", "file").put("encoding", "base64")
                    .put("size", bytes.length).put("name", path.substring(path.lastIndexOf('/') + 1)).put("path", path)
                    .put("sha", walk.getObjectId(0).name())
                    .put("content", Base64.getMimeEncoder(60, new byte[] { '\n' }).encodeToString(bytes) + "\n"));
        }
    }

    private ObjectNode repoJson(FakeRepo repo) {
        ObjectNode json = JSON.createObjectNode().put("id", repo.id).put("node_id", "R_" + repo.id)
                .put("name", repo.name).put("full_name", repo.owner + "/" + repo.name).put("private", repo.isPrivate);
        json.putObject("owner").put("login", repo.owner).put("id", repo.org ? 500 + repo.owner.length() : 1)
                .put("type", repo.org ? "Organization" : "User");
        json.put("html_url", "https://github.com/" + repo.owner + "/" + repo.name);
        if (repo.description == null) {
            json.putNull("description");
        } else {
            json.put("description", repo.description);
        }
        return json.put("url", repoUrl(repo)).put("archived", repo.archived).put("disabled", false)
                .put("visibility", repo.isPrivate ? "private" : "public").put("default_branch", "main")
                .put("created_at", repo.created).put("updated_at", repo.created);
    }

    private ObjectNode refJson(FakeRepo repo, Ref ref) throws IOException {
        String type;
        try (RevWalk walk = new RevWalk(repo.git)) {
            type = walk.parseAny(ref.getObjectId()) instanceof RevTag ? "tag" : "commit";
        }
        String sha = ref.getObjectId().name();
        ObjectNode json = JSON.createObjectNode().put("ref", ref.getName()).put("node_id", "REF_" + sha)
                .put("url", repoUrl(repo) + "/git/" + ref.getName());
        json.putObject("object").put("sha", sha).put("type", type)
                .put("url", repoUrl(repo) + "/git/" + type + "s/" + sha);
        return json;
    }

    private ObjectNode treeJson(FakeRepo repo, RevTree tree) throws IOException {
        ObjectNode json = JSON.createObjectNode().put("sha", tree.name()).put("url", repoUrl(repo) + "/git/trees/"
                + tree.name());
        ArrayNode entries = json.putArray("tree");
        try (TreeWalk walk = new TreeWalk(repo.git)) {
            walk.addTree(tree);
            walk.setRecursive(false);
            while (walk.next()) {
                boolean isTree = walk.getFileMode(0) == FileMode.TREE;
                String sha = walk.getObjectId(0).name();
                ObjectNode entry = entries.addObject().put("path", walk.getPathString())
                        .put("mode", isTree ? "040000" : "100644").put("type", isTree ? "tree" : "blob")
                        .put("sha", sha);
                if (!isTree) {
                    entry.put("size", repo.git.open(walk.getObjectId(0)).getSize());
                }
                entry.put("url", repoUrl(repo) + "/git/" + (isTree ? "trees/" : "blobs/") + sha);
            }
        }
        return json.put("truncated", false);
    }

    private ObjectNode gitCommitJson(FakeRepo repo, RevCommit commit) {
        ObjectNode json = JSON.createObjectNode().put("sha", commit.name()).put("node_id", "C_" + commit.name())
                .put("url", repoUrl(repo) + "/git/commits/" + commit.name())
                .put("html_url", "https://github.com/" + repo.owner + "/" + repo.name + "/commit/" + commit.name());
        json.set("author", personJson(commit.getAuthorIdent()));
        json.set("committer", personJson(commit.getCommitterIdent()));
        json.putObject("tree").put("sha", commit.getTree().name())
                .put("url", repoUrl(repo) + "/git/trees/" + commit.getTree().name());
        json.put("message", commit.getFullMessage());
        json.set("parents", parents(repo, commit));
        json.putObject("verification").put("verified", false).put("reason", "unsigned").putNull("signature")
                .putNull("payload");
        return json;
    }

    private ArrayNode parents(FakeRepo repo, RevCommit commit) {
        ArrayNode parents = JSON.createArrayNode();
        for (RevCommit parent : commit.getParents()) {
            parents.addObject().put("sha", parent.name()).put("url", repoUrl(repo) + "/git/commits/" + parent.name())
                    .put("html_url", "https://github.com/" + repo.owner + "/" + repo.name + "/commit/" + parent.name());
        }
        return parents;
    }

    private ObjectNode tagJson(FakeRepo repo, RevTag tag) {
        ObjectNode json = JSON.createObjectNode().put("node_id", "TAG_" + tag.name()).put("tag", tag.getTagName())
                .put("sha", tag.name()).put("url", repoUrl(repo) + "/git/tags/" + tag.name())
                .put("message", tag.getFullMessage());
        json.set("tagger", personJson(tag.getTaggerIdent()));
        json.putObject("object").put("type", "commit").put("sha", tag.getObject().name())
                .put("url", repoUrl(repo) + "/git/commits/" + tag.getObject().name());
        json.putObject("verification").put("verified", false).put("reason", "unsigned").putNull("signature")
                .putNull("payload");
        return json;
    }

    private static ObjectNode personJson(PersonIdent ident) {
        return JSON.createObjectNode().put("name", ident.getName()).put("email", ident.getEmailAddress())
                .put("date", ident.getWhenAsInstant().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** GitHub rejects a person without name or email; the date is ISO 8601, defaulting to now. */
    private static PersonIdent person(JsonNode json) {
        String name = json.path("name").asText("");
        String email = json.path("email").asText("");
        if (name.isEmpty() || email.isEmpty()) {
            return null;
        }
        Instant when = json.hasNonNull("date") ? OffsetDateTime.parse(json.get("date").asText()).toInstant()
                : Instant.now();
        return new PersonIdent(name, email, when, ZoneOffset.UTC);
    }

    private static RevCommit commit(Repository git, String sha) throws IOException {
        ObjectId id = objectId(sha);
        if (id == null || !git.getObjectDatabase().has(id)) {
            return null;
        }
        try (RevWalk walk = new RevWalk(git)) {
            RevObject object = walk.parseAny(id);
            return object instanceof RevCommit commit ? commit : null;
        }
    }

    private static boolean isAncestor(Repository git, ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(git)) {
            RevObject a = walk.parseAny(ancestor);
            RevObject d = walk.parseAny(descendant);
            if (!(a instanceof RevCommit) || !(d instanceof RevCommit)) {
                return false;
            }
            return walk.isMergedInto((RevCommit) a, (RevCommit) d);
        }
    }

    private static ObjectId objectId(String sha) {
        return sha != null && sha.matches("[0-9a-f]{40}") ? ObjectId.fromString(sha) : null;
    }

    private static String param(Request request, String name) {
        QueryParameter value = request.queryParameter(name);
        return value == null || !value.isPresent() ? null : value.firstValue();
    }

    private static int intParam(Request request, String name, int fallback) {
        String value = param(request, name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private String repoUrl(FakeRepo repo) {
        return baseUrl + "/repos/" + repo.owner + "/" + repo.name;
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text).put("documentation_url", DOCS);
    }

    private static ResponseDefinition answer(int status, JsonNode body) {
        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("X-GitHub-Api-Version-Selected", "2022-11-28");
        if (body != null) {
            response.withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString());
        }
        return response.build();
    }
}
