package org.metagov.metastore.error;

import java.util.List;

/** A merge found places both sides changed differently: 409 with each of them in {@code conflicts}. */
public class MergeConflictException extends MetastoreException {

    private final List<?> conflicts;

    public MergeConflictException(String message, List<String> details, List<?> conflicts) {
        super(409, "merge_conflict", message, details);
        this.conflicts = List.copyOf(conflicts);
    }

    public List<?> conflicts() {
        return conflicts;
    }
}
