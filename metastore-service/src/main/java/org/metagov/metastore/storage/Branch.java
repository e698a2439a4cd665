package org.metagov.metastore.storage;

/** A line of revisions: a name and the revision it points at (its head). {@code main} always exists. */
public record Branch(String name, String revision) {
}
