package org.metagov.community.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import org.metagov.community.repository.CommunityEntity;
import org.metagov.community.repository.CommunityRows;
import org.metagov.community.repository.DriverRepository;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;
import org.metagov.web.JsonBodies;

/**
 * Which communities a driver has ({@code GET /api/internal/communities}: its own; an administrator's, all) and an
 * administrator's transfer of one to another driver ({@code PATCH /api/internal/communities/{slug}}).
 */
@ApplicationScoped
public class CommunityOwners {

    private final CommunityRows rows;
    private final CommunityService communities;
    private final DriverRepository drivers;
    private final CallerContext caller;

    public CommunityOwners(CommunityRows rows, CommunityService communities, DriverRepository drivers,
            CallerContext caller) {
        this.rows = rows;
        this.communities = communities;
        this.drivers = drivers;
        this.caller = caller;
    }

    /** {@code {"items", "next"}}, newest first. */
    public Uni<Map<String, Object>> list(Optional<String> limitText, Optional<String> cursor) {
        Caller driver = caller.caller();
        int limit = Pages.limit(limitText);
        Pages.After after = Pages.after(cursor);
        return rows.page(driver.admin() ? null : driver.driverId(), after == null ? null : after.createdAt(),
                after == null ? null : after.key(), limit + 1)
                .map(page -> Pages.answer(page, limit, CommunityOwners::view,
                        c -> new Pages.After(c.createdAt(), c.slug())));
    }

    /**
     * {@code {"owner": "<driver id>"}}: the community goes to that driver, which must be {@code local} or have a
     * driver account (a typo would otherwise hide the community from everyone but administrators).
     */
    public Uni<Map<String, Object>> change(String slug, byte[] raw) {
        caller.requireAdmin();
        ObjectNode body = JsonBodies.object(raw);
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("owner")) {
                throw ApiException.badRequest("Unknown field '" + field + "': only 'owner' can be changed",
                        java.util.List.of(field));
            }
        });
        JsonNode owner = body.get("owner");
        if (owner == null || !owner.isTextual() || owner.asText().isBlank()) {
            throw ApiException.badRequest("'owner' must be a driver id", java.util.List.of("owner"));
        }
        String id = owner.asText();
        Uni<Boolean> exists = id.equals(Caller.LOCAL) ? Uni.createFrom().item(true)
                : drivers.find(id).map(Optional::isPresent);
        return exists.flatMap(known -> {
            if (!known) {
                throw ApiException.badRequest("No driver '" + id + "'", java.util.List.of("owner"));
            }
            return communities.transfer(slug, id);
        }).map(CommunityOwners::view);
    }

    private static Map<String, Object> view(CommunityRows.Listed c) {
        return view(c.slug(), c.readableName(), c.owner(), c.createdAt());
    }

    private static Map<String, Object> view(CommunityEntity c) {
        return view(c.slug, c.readableName, c.owner, c.createdAt);
    }

    private static Map<String, Object> view(String slug, String readableName, String owner,
            java.time.Instant createdAt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("slug", slug);
        view.put("name", slug);
        view.put("readable_name", readableName);
        view.put("owner", owner);
        view.put("created_at", createdAt.toString());
        return view;
    }
}
