package org.metagov.metastore.storage;

import java.time.Instant;

/** One commit of a dataset: its id is the git commit id. */
public record Revision(String id, Instant created, Author author, String message) {
}
