package org.metagov.metastore.storage;

/** A dataset is addressed as {@code owner/name}; both parts are validated by the service before use. */
public record DatasetId(String owner, String name) {

    @Override
    public String toString() {
        return owner + "/" + name;
    }
}
