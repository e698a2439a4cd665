package org.metagov.metastore.auth;

import org.metagov.metastore.error.MetastoreException;
import org.metagov.metastore.storage.Author;
import org.metagov.metastore.storage.DatasetId;

/**
 * Who is making the request. {@code author} (from the token's {@code name}/{@code email}/{@code sub})
 * becomes the git author of anything the caller writes.
 */
public record Caller(String subject, Author author, Grants grants, boolean anonymous) {

    public static Caller anonymousReader() {
        return new Caller(null, new Author("anonymous", ""), Grants.readEverything(), true);
    }

    public boolean can(DatasetId id, Action action) {
        return grants.allows(id, action);
    }

    /** 403 unless a scope grants {@code action} on {@code id}. */
    public void require(DatasetId id, Action action) {
        if (!can(id, action)) {
            throw MetastoreException.forbidden("The token has no scope granting '" + action.scopeName() + "' on "
                    + id + " (expected e.g. ds:" + id + ":" + action.scopeName() + ")");
        }
    }
}
