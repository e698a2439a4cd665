package org.metagov.metastore.auth;

import java.util.Locale;
import java.util.Optional;

/** What a scope can allow on a dataset; scopes name them in lower case ({@code ds:acme/*:read,update}). */
public enum Action {
    READ, CREATE, UPDATE, DELETE, PURGE, TAG, MERGE;

    public String scopeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Action> fromScopeName(String name) {
        for (Action action : values()) {
            if (action.scopeName().equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
