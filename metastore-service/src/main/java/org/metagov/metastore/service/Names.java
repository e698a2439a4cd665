package org.metagov.metastore.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.StorageBackend;

/** Syntax of everything a client names: dataset ids, tags, refs and page sizes. Violations are 400s. */
public final class Names {

    static final Pattern DATASET_PART = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final Pattern REVISION_ID = Pattern.compile("[0-9a-fA-F]{40}");
    /** Safe as a git ref and as a URL path segment; no spaces, tabs, newlines, '!' or '/'. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private Names() {
    }

    public static DatasetId datasetId(String owner, String name) {
        List<String> problems = new ArrayList<>();
        checkPart("owner", owner, problems);
        checkPart("name", name, problems);
        if (!problems.isEmpty()) {
            throw new MetastoreException(400, "invalid_name", "Invalid dataset id", problems);
        }
        return new DatasetId(owner, name);
    }

    static void checkPart(String what, String value, List<String> problems) {
        if (value == null || !DATASET_PART.matcher(value).matches()) {
            problems.add(what + " must match " + DATASET_PART.pattern() + " (lower case letters, digits, '.', '_', "
                    + "'-'; at most 100 characters), got " + quote(value));
        }
    }

    public static String tagName(String name) {
        if (name == null || !TAG.matcher(name).matches() || name.contains("..") || name.endsWith(".lock")
                || name.endsWith(".") || REVISION_ID.matcher(name).matches()) {
            throw new MetastoreException(400, "invalid_tag_name", "Invalid tag name " + quote(name),
                    List.of("a tag name starts with a letter or digit, continues with letters, digits, '.', '_', "
                            + "'+' or '-' (at most 128 characters), has no '..', does not end with '.' or '.lock', "
                            + "and is not 40 hexadecimal characters (that would read as a revision id)"));
        }
        return name;
    }

    /** A branch name (tag rules, no '/'); null or blank means main. */
    public static String branch(String branch) {
        if (branch == null || branch.isBlank()) {
            return StorageBackend.MAIN;
        }
        return branchName(branch);
    }

    public static String branchName(String name) {
        try {
            return tagName(name);
        } catch (MetastoreException e) {
            throw new MetastoreException(400, "invalid_branch_name", "Invalid branch name " + quote(name),
                    List.of("a branch name follows the tag rules: letters, digits, '.', '_', '+' or '-' (no '/'), "
                            + "starting with a letter or digit, at most 128 characters, no '..', not ending with '.' "
                            + "or '.lock', not 40 hexadecimal characters"));
        }
    }

    /** A read names a revision, branch or tag with {@code ?ref=}, or a branch with {@code ?branch=}: not both. */
    public static String refOrBranch(String ref, String branch) {
        boolean hasRef = ref != null && !ref.isBlank();
        boolean hasBranch = branch != null && !branch.isBlank();
        if (hasRef && hasBranch) {
            throw MetastoreException.badRequest("Give ?ref= (a revision, branch or tag) or ?branch=, not both");
        }
        return hasBranch ? branchName(branch) : ref(ref, "ref");
    }

    /** A revision id (normalized to lower case), a branch or a tag name; null or blank means the head of main. */
    public static String ref(String ref, String parameter) {
        if (ref == null || ref.isBlank()) {
            return null;
        }
        if (REVISION_ID.matcher(ref).matches()) {
            return ref.toLowerCase(Locale.ROOT);
        }
        try {
            return tagName(ref);
        } catch (MetastoreException e) {
            throw new MetastoreException(400, "invalid_ref", parameter + " must be a revision id (40 hexadecimal "
                    + "characters), a branch or a tag name, got " + quote(ref));
        }
    }

    public static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MetastoreException(400, "invalid_limit", "limit must be an integer from 1 to " + MAX_LIMIT
                + ", got " + quote(limit));
    }

    static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 120 ? value.substring(0, 120) + "..." : value;
        return "'" + shown.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }
}
