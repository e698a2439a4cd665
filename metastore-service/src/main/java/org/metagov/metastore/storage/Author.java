package org.metagov.metastore.storage;

/** Who wrote a revision or a tag (git's author / tagger identity). */
public record Author(String name, String email) {
}
