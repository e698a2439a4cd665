package org.metagov.metastore.storage;

import java.time.Instant;

/** An annotated tag: {@code created}/{@code author} come from the tagger, {@code description} from its message. */
public record Tag(String name, String revision, Instant created, Author author, String description) {
}
