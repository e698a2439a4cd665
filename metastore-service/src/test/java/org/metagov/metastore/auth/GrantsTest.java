package org.metagov.metastore.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.metagov.metastore.storage.DatasetId;

class GrantsTest {

    private static final DatasetId ACME_DATA = new DatasetId("acme", "data");
    private static final DatasetId ACME_OTHER = new DatasetId("acme", "other");
    private static final DatasetId BETA_DATA = new DatasetId("beta", "data");

    private static Grants grants(String... scopes) {
        return Grants.parse(List.of(scopes));
    }

    @Test
    void exactScope() {
        Grants g = grants("ds:acme/data:read");
        assertTrue(g.allows(ACME_DATA, Action.READ));
        assertFalse(g.allows(ACME_DATA, Action.UPDATE));
        assertFalse(g.allows(ACME_OTHER, Action.READ));
        assertFalse(g.allows(BETA_DATA, Action.READ));
    }

    @Test
    void wildcards() {
        assertTrue(grants("ds:*:read").allows(BETA_DATA, Action.READ));
        assertTrue(grants("ds:*/*:read").allows(BETA_DATA, Action.READ));
        assertTrue(grants("ds:acme/*:*").allows(ACME_OTHER, Action.PURGE));
        assertFalse(grants("ds:acme/*:*").allows(BETA_DATA, Action.READ));
        assertTrue(grants("ds:*/data:tag").allows(BETA_DATA, Action.TAG));
        assertFalse(grants("ds:*/data:tag").allows(ACME_OTHER, Action.TAG));
        assertTrue(grants("ds:ac*/d*a:read").allows(ACME_DATA, Action.READ));
        assertFalse(grants("ds:ac*/d*x:read").allows(ACME_DATA, Action.READ));
        // regex characters in a scope are literals, not patterns
        assertFalse(grants("ds:acm./data:read").allows(ACME_DATA, Action.READ));
        assertTrue(grants("ds:a.b/c:read").allows(new DatasetId("a.b", "c"), Action.READ));
        assertFalse(grants("ds:a.b/c:read").allows(new DatasetId("axb", "c"), Action.READ));
    }

    @Test
    void actionListsAndCombinedGrants() {
        Grants g = grants("ds:acme/*:read,update", "ds:*:read", "ds:acme/data:tag , delete");
        assertTrue(g.allows(ACME_OTHER, Action.UPDATE));
        assertTrue(g.allows(BETA_DATA, Action.READ));
        assertFalse(g.allows(BETA_DATA, Action.UPDATE));
        assertTrue(g.allows(ACME_DATA, Action.TAG));
        assertTrue(g.allows(ACME_DATA, Action.DELETE));
        assertFalse(g.allows(ACME_OTHER, Action.TAG));
        assertFalse(g.allows(ACME_DATA, Action.PURGE));
        assertFalse(g.allows(ACME_DATA, Action.CREATE));
    }

    @Test
    void otherShapesGrantNothing() {
        for (String scope : List.of("", "openid", "ds", "ds:acme:read", "ds:acme/data", "ds:/data:read",
                "ds:acme/:read", "ds:acme/data/x:read", "ds:acme/data:", "ds:acme/data:write", "DS:acme/data:read",
                "ds:acme/data:READ", "ds:acme/data:read:extra")) {
            Grants g = grants(scope);
            for (Action action : Action.values()) {
                assertFalse(g.allows(ACME_DATA, action), scope + " must not allow " + action);
            }
        }
        assertTrue(grants("ds:acme/data:write,read").allows(ACME_DATA, Action.READ));
    }

    @Test
    void anonymousReadersReadEverythingAndNothingElse() {
        Grants g = Grants.readEverything();
        assertTrue(g.allows(BETA_DATA, Action.READ));
        for (Action action : List.of(Action.CREATE, Action.UPDATE, Action.DELETE, Action.PURGE, Action.TAG)) {
            assertFalse(g.allows(BETA_DATA, action));
        }
    }
}
