package org.metagov.metastore.auth;

import jakarta.enterprise.context.RequestScoped;

import org.metagov.metastore.error.MetastoreException;

/** Holds the caller the {@link BearerTokenFilter} authenticated for this request. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            // Only reachable if a resource is not covered by the filter; fail closed.
            throw MetastoreException.unauthorized("Authentication required");
        }
        return caller;
    }
}
