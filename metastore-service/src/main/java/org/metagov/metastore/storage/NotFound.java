package org.metagov.metastore.storage;

import org.metagov.metastore.error.MetastoreException;

/** 404s with a code that says what is missing, so clients (and the service's cursor check) can tell them apart. */
public final class NotFound {

    public static final String DATASET = "dataset_not_found";
    public static final String REVISION = "revision_not_found";
    public static final String TAG = "tag_not_found";
    public static final String BRANCH = "branch_not_found";

    private NotFound() {
    }

    public static MetastoreException dataset(DatasetId id) {
        return new MetastoreException(404, DATASET, "Dataset " + id + " does not exist");
    }

    public static MetastoreException revision(DatasetId id, String ref) {
        return new MetastoreException(404, REVISION, "Dataset " + id + " has no revision or tag '" + ref + "'");
    }

    public static MetastoreException branch(DatasetId id, String name) {
        return new MetastoreException(404, BRANCH, "Dataset " + id + " has no branch '" + name + "'");
    }

    public static MetastoreException tag(DatasetId id, String name) {
        return new MetastoreException(404, TAG, "Dataset " + id + " has no tag '" + name + "'");
    }
}
