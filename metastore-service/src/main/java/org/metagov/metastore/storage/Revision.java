package org.metagov.metastore.storage;

import java.time.Instant;
import java.util.List;

/** One commit of a dataset: its id is the git commit id; a merge has two parents, the first revision none. */
public record Revision(String id, Instant created, Author author, String message, List<String> parents) {
}
