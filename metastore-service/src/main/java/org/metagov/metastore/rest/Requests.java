package org.metagov.metastore.rest;

import com.fasterxml.jackson.databind.JsonNode;

/** Request bodies. {@code datapackage} stays a raw JSON node so that "not an object" is our 400, not Jackson's. */
public final class Requests {

    private Requests() {
    }

    public record CreateDataset(String owner, String name, JsonNode datapackage, String message) {
    }

    /** PUT: the full datapackage; PATCH: an RFC 7396 merge patch of it. */
    public record UpdateDataset(JsonNode datapackage, String message) {
    }

    public record Revert(String ref, String message) {
    }

    public record CreateTag(String name, String revision, String description) {
    }

    public record UpdateTag(String name, String description) {
    }

    public record CreateBranch(String name, String from) {
    }

    public record Merge(String from, String into, String message, String strategy) {
    }
}
