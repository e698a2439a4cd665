package org.metagov.metastore.feed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.metagov.metastore.storage.Author;

/**
 * One committed change of a dataset, as the change feed, the audit log and webhooks show it. {@code sequence}
 * orders all events of the service; {@code revision}/{@code parents} are set for changes that add or move to a
 * revision, {@code branch} where one is concerned; {@code subject} is the token's {@code sub} (who, for the audit);
 * {@code detail} says more where the kind needs it (a tag's name, a merge's source).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeEvent(long sequence, String dataset, String branch, String revision, List<String> parents,
        Author author, String subject, String message, String kind, Instant time, Map<String, String> detail) {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String REVERT = "revert";
    public static final String MERGE = "merge";
    public static final String TAG = "tag";
    public static final String BRANCH = "branch";
    public static final String DELETE = "delete";
    public static final String PURGE = "purge";

    /** What the audit log keeps: everything that removes or renames something, or merges. */
    public static final Set<String> AUDITED = Set.of(DELETE, PURGE, TAG, BRANCH, MERGE);

    /** What a change that adds no revision describes; the feed fills in the dataset, who, the kind and when. */
    public static ChangeEvent about(String branch, String revision, String message, Map<String, String> detail) {
        return new ChangeEvent(0, null, branch, revision, null, null, null, message, null, null, detail);
    }

    public ChangeEvent withSequence(long next) {
        return new ChangeEvent(next, dataset, branch, revision, parents, author, subject, message, kind, time, detail);
    }

    public boolean audited() {
        return kind != null && AUDITED.contains(kind);
    }
}
