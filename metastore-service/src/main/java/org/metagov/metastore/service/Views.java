package org.metagov.metastore.service;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.metastore.feed.ChangeEvent;
import org.metagov.metastore.storage.Branch;
import org.metagov.metastore.storage.Revision;
import org.metagov.metastore.storage.Tag;

/** The JSON shapes the API returns. */
public final class Views {

    private Views() {
    }

    /** A dataset at one revision; the ETag of the response is {@code revision.id}. */
    public record Dataset(String id, String owner, String name, Revision revision, JsonNode datapackage) {
    }

    /** One entry of the dataset listing: enough to choose, without the whole datapackage. */
    public record DatasetSummary(String id, String owner, String name, String title, List<String> keywords,
            Revision revision) {
    }

    public record DatasetList(List<DatasetSummary> datasets, String next) {
    }

    public record RevisionList(List<Revision> revisions, String next) {
    }

    public record TagList(List<Tag> tags) {
    }

    public record Diff(String from, String to, JsonNode patch, ResourceChanges resources) {
    }

    /** Resources matched by {@code name} (else {@code path}) between two revisions. */
    public record ResourceChanges(List<String> added, List<String> removed, List<String> changed) {
    }

    public record BranchList(List<Branch> branches) {
    }

    /**
     * The outcome of a merge: {@code merged} (a new revision with two parents), {@code fast-forward} (the branch
     * moved to the source's head) or {@code up-to-date} (nothing to do); {@code dataset} is the branch's head after.
     */
    public record Merge(String result, String into, String from, String base, Dataset dataset) {
    }

    /** A page of the change feed or the audit log; {@code next} continues it. */
    public record Changes(List<ChangeEvent> items, String next) {
    }
}
