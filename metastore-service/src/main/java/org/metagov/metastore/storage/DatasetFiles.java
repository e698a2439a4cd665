package org.metagov.metastore.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.metastore.error.MetastoreException;

/**
 * The complete file tree of one revision: {@code datapackage.json}, and, as metastore-lib does, a git LFS
 * pointer file for every resource that has a local {@code path}, a {@code sha256} and {@code bytes}, the
 * {@code .gitattributes} routing those paths through LFS, and {@code .lfsconfig} when an LFS server is set.
 * Each revision's tree is exactly these files, so a resource removed from the package loses its pointer.
 */
public final class DatasetFiles {

    public static final String DATAPACKAGE = "datapackage.json";
    public static final String GITATTRIBUTES = ".gitattributes";
    public static final String LFSCONFIG = ".lfsconfig";
    private static final Set<String> RESERVED = Set.of(DATAPACKAGE, GITATTRIBUTES, LFSCONFIG);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    private final SortedMap<String, byte[]> files;

    private DatasetFiles(SortedMap<String, byte[]> files) {
        this.files = Collections.unmodifiableSortedMap(files);
    }

    /** Path to content, sorted by path; always contains {@link #DATAPACKAGE}. */
    public SortedMap<String, byte[]> files() {
        return files;
    }

    public byte[] datapackage() {
        return files.get(DATAPACKAGE);
    }

    /**
     * Builds the tree for a datapackage, rejecting (400) resource paths that are absolute, climb out with
     * {@code ..}, collide with each other or with our own files, or carry a malformed {@code sha256}/{@code bytes}.
     */
    public static DatasetFiles of(ObjectNode datapackage, Optional<String> lfsServerUrl, ObjectMapper mapper) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put(DATAPACKAGE, serialize(datapackage, mapper));
        Map<String, byte[]> pointers = lfsPointers(datapackage);
        if (!pointers.isEmpty()) {
            files.putAll(pointers);
            files.put(GITATTRIBUTES, gitAttributes(pointers.keySet()).getBytes(StandardCharsets.UTF_8));
            lfsServerUrl.ifPresent(url -> files.put(LFSCONFIG,
                    ("[remote \"origin\"]\n\tlfsurl = " + url + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        return new DatasetFiles(files);
    }

    /** The datapackage as {@code datapackage.json} holds it. */
    public static String pretty(ObjectNode datapackage, ObjectMapper mapper) {
        return new String(serialize(datapackage, mapper), StandardCharsets.UTF_8);
    }

    /** Pretty-printed with a final newline, so that git diffs of datapackage.json stay readable. */
    static byte[] serialize(ObjectNode datapackage, ObjectMapper mapper) {
        try {
            return (mapper.writerWithDefaultPrettyPrinter().writeValueAsString(datapackage) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw MetastoreException.badRequest("The datapackage cannot be serialized: " + e.getOriginalMessage());
        }
    }

    private static Map<String, byte[]> lfsPointers(ObjectNode datapackage) {
        JsonNode resources = datapackage.get("resources");
        if (resources == null || resources.isNull()) {
            return Map.of();
        }
        if (!resources.isArray()) {
            throw MetastoreException.invalid("invalid_datapackage", "'resources' must be an array");
        }
        SortedMap<String, byte[]> pointers = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            if (!resource.isObject()) {
                problems.add("resources[" + i + "] is not an object");
                continue;
            }
            JsonNode path = resource.get("path");
            if (path == null || !path.isTextual() || URL.matcher(path.asText()).matches()
                    || !resource.has("sha256") || !resource.has("bytes")) {
                continue; // remote or not described well enough for LFS: metadata only, as in metastore-lib
            }
            String p = path.asText();
            String problem = pathProblem(p);
            if (problem == null) {
                problem = lfsProblem(resource);
            }
            if (problem != null) {
                problems.add("resources[" + i + "]: " + problem);
            } else if (pointers.containsKey(p)) {
                problems.add("resources[" + i + "]: path '" + p + "' is used by another resource");
            } else {
                pointers.put(p, pointer(resource).getBytes(StandardCharsets.UTF_8));
            }
        }
        problems.addAll(directoryClashes(pointers.keySet()));
        if (!problems.isEmpty()) {
            throw new MetastoreException(400, "invalid_resource_path", "Some resources cannot be stored", problems);
        }
        return pointers;
    }

    private static String pathProblem(String path) {
        if (path.isEmpty()) {
            return "path is empty";
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[a-zA-Z]:.*")) {
            return "path '" + path + "' is absolute";
        }
        if (path.contains("\\") || path.chars().anyMatch(c -> c < 0x20)) {
            return "path '" + path + "' contains a backslash or a control character";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return "path '" + path + "' climbs out of the dataset with '..'";
            }
            if (segment.isEmpty() || segment.equals(".") || isGitDirAlias(segment)) {
                return "path '" + path + "' has an empty, '.' or '.git' segment (or a name that some file "
                        + "system reads as '.git')";
            }
        }
        if (RESERVED.contains(path)) {
            return "path '" + path + "' is reserved for the dataset's own files";
        }
        return null;
    }

    /**
     * What git itself refuses in trees (fsck's hasDotgit checks): {@code .git} in any case, with trailing dots or
     * spaces or an NTFS stream suffix ({@code .git.}, {@code .git }, {@code .git::$INDEX_ALLOCATION}), its 8.3 short
     * name {@code git~1}, and {@code .git} spelled with code points HFS+ ignores ({@code .g\u200cit}). A checkout of
     * such a tree on Windows or macOS would write into the repository's own directory.
     */
    static boolean isGitDirAlias(String segment) {
        String visible = HFS_IGNORABLE.matcher(segment).replaceAll("").toLowerCase(java.util.Locale.ROOT);
        return GIT_DIR_ALIAS.matcher(visible).matches();
    }

    private static final Pattern HFS_IGNORABLE = Pattern.compile(
            "[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]");
    private static final Pattern GIT_DIR_ALIAS = Pattern.compile("(\\.git|git~1)[. ]*(:.*)?");

    private static String lfsProblem(JsonNode resource) {
        JsonNode sha = resource.get("sha256");
        if (!sha.isTextual() || !SHA256.matcher(sha.asText()).matches()) {
            return "sha256 must be 64 hexadecimal characters";
        }
        JsonNode bytes = resource.get("bytes");
        if (!bytes.canConvertToExactIntegral() || !bytes.canConvertToLong() || bytes.asLong() < 0) {
            return "bytes must be a non-negative integer";
        }
        return null;
    }

    /** A path cannot be both a file and a directory in one git tree ({@code data} and {@code data/a.csv}). */
    private static List<String> directoryClashes(Set<String> paths) {
        List<String> clashes = new ArrayList<>();
        for (String p : paths) {
            for (int slash = p.indexOf('/'); slash > 0; slash = p.indexOf('/', slash + 1)) {
                String dir = p.substring(0, slash);
                if (paths.contains(dir) || RESERVED.contains(dir)) {
                    clashes.add("path '" + dir + "' is a file and also the directory of '" + p + "'");
                }
            }
        }
        return clashes;
    }

    /** The git LFS v1 pointer format. */
    static String pointer(JsonNode resource) {
        return "version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:" + resource.get("sha256").asText().toLowerCase() + "\n"
                + "size " + resource.get("bytes").asLong() + "\n";
    }

    /** One exact-path rule per pointer; glob characters and spaces escaped so each rule matches one file. */
    static String gitAttributes(Set<String> paths) {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            String pattern = path.replaceAll("([*?\\[\\]!#])", "\\\\$1").replace(" ", "[[:space:]]");
            out.append(pattern).append(" filter=lfs diff=lfs merge=lfs -text\n");
        }
        return out.toString();
    }
}
