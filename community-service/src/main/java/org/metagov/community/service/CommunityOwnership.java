package org.metagov.community.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import org.metagov.web.ApiException;
import org.metagov.web.Caller;

/**
 * Whether communities belong to a driver, for what a driver names by slug outside the community calls (a
 * subscription's {@code communities}). Another driver's community answers exactly as an unknown one: 404.
 *
 * <p>Reads {@code community.owner} (V6; communities from before it are {@code local}'s).
 */
@ApplicationScoped
public class CommunityOwnership {

    /** 404 naming the first slug that is unknown or not {@code driver}'s. */
    public Uni<Void> requireOwned(SqlClient client, String driver, List<String> slugs) {
        if (slugs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("SELECT slug, owner FROM community WHERE slug = ANY($1)")
                .execute(Tuple.of(slugs.toArray(String[]::new))).map(rows -> {
                    Map<String, String> owners = new HashMap<>();
                    rows.forEach(row -> owners.put(row.getString("slug"), row.getString("owner")));
                    for (String slug : slugs) {
                        if (!driver.equals(owners.get(slug))) {
                            throw ApiException.notFound("No community " + slug);
                        }
                    }
                    return null;
                });
    }
}
