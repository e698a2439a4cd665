package org.metagov.metastore.storage;

/** A dataset as it was at one revision: the commit and the raw bytes of its {@code datapackage.json}. */
public record Snapshot(DatasetId id, Revision revision, byte[] datapackage) {
}
