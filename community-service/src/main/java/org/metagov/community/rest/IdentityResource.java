package org.metagov.community.rest;

import static org.metagov.community.service.IdentityInput.body;
import static org.metagov.community.service.IdentityInput.choice;
import static org.metagov.community.service.IdentityInput.filter;
import static org.metagov.community.service.IdentityInput.idParameter;
import static org.metagov.community.service.IdentityInput.optionalText;
import static org.metagov.community.service.IdentityInput.query;
import static org.metagov.community.service.IdentityInput.requiredId;
import static org.metagov.community.service.IdentityInput.requiredParameter;
import static org.metagov.community.service.IdentityInput.requiredText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import org.metagov.community.repository.LinkedAccountRow;
import org.metagov.community.service.IdentityInput;
import org.metagov.community.service.IdentityService;
import org.metagov.events.EventJson;
import org.metagov.web.ApiException;

/** Metagov's identity endpoints (upstream's 18 to 25): POST with JSON bodies, GET with query strings. */
@Path("/api/internal/identity")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD) // upstream reads JSON whatever the Content-Type
public class IdentityResource {

    private static final Set<String> FILTERS_WITHOUT_IDENTIFIER = Set.of("platform_type", "community_platform_id",
            "link_type", "link_quality");

    private final IdentityService identities;

    public IdentityResource(IdentityService identities) {
        this.identities = identities;
    }

    @POST
    @Path("/create_id")
    public Uni<Response> createId(byte[] raw) {
        ObjectNode body = body(raw, Set.of("community_slug", "count"));
        return identities.createIds(requiredText(body, "community_slug"),
                IdentityInput.count(body, IdentityService.MAX_COUNT))
                .map(ids -> Response.status(201).entity(ids).build());
    }

    /** 200 with an empty body, as upstream intended (its own answer is a 500 after the merge). */
    @POST
    @Path("/merge_ids")
    public Uni<Response> mergeIds(byte[] raw) {
        ObjectNode body = body(raw, Set.of("primary_instance_id", "secondary_instance_id"));
        return identities.mergeIds(requiredId(body, "primary_instance_id"), requiredId(body, "secondary_instance_id"))
                .map(x -> Response.ok().build());
    }

    @POST
    @Path("/link_account")
    public Uni<ObjectNode> linkAccount(byte[] raw) {
        ObjectNode body = body(raw, Set.of("external_id", "community_slug", "platform_type", "platform_identifier",
                "community_platform_id", "custom_data", "link_type", "link_quality"));
        LinkedAccountRow wanted = new LinkedAccountRow(requiredId(body, "external_id"),
                requiredText(body, "community_slug"), requiredText(body, "platform_type"),
                optionalText(body, "community_platform_id"), requiredText(body, "platform_identifier"),
                EventJson.write(IdentityInput.customData(body)),
                choice("link_type", optionalText(body, "link_type"), IdentityInput.LINK_TYPES),
                choice("link_quality", optionalText(body, "link_quality"), IdentityInput.LINK_QUALITIES), 0);
        return identities.linkAccount(wanted);
    }

    @POST
    @Path("/unlink_account")
    public Uni<Boolean> unlinkAccount(byte[] raw) {
        ObjectNode body = body(raw, Set.of("community_slug", "platform_type", "platform_identifier",
                "community_platform_id"));
        return identities.unlinkAccount(requiredText(body, "community_slug"), requiredText(body, "platform_type"),
                requiredText(body, "platform_identifier"), optionalText(body, "community_platform_id"));
    }

    @GET
    @Path("/get_user")
    public Uni<ObjectNode> getUser(@Context UriInfo uri) {
        Map<String, String> query = query(uri.getQueryParameters(), Set.of("external_id"));
        return identities.getUser(idParameter("external_id", requiredParameter(query, "external_id")));
    }

    @GET
    @Path("/get_users")
    public Uni<JsonNode> getUsers(@Context UriInfo uri) {
        Set<String> allowed = new LinkedHashSet<>(FILTERS_WITHOUT_IDENTIFIER);
        allowed.add("platform_identifier");
        allowed.add("community");
        Map<String, String> query = query(uri.getQueryParameters(), allowed);
        return identities.getUsers(requiredParameter(query, "community"), filter(query)).map(users -> users);
    }

    @GET
    @Path("/filter_users_by_account")
    public Uni<JsonNode> filterUsersByAccount(@Context UriInfo uri) {
        Set<String> allowed = new LinkedHashSet<>(FILTERS_WITHOUT_IDENTIFIER);
        allowed.add("community");
        allowed.add("external_id_list");
        Map<String, String> query = query(uri.getQueryParameters(), allowed);
        return identities.filterUsersByAccount(requiredParameter(query, "community"),
                idList(requiredParameter(query, "external_id_list")), filter(query)).map(users -> users);
    }

    @GET
    @Path("/get_linked_account")
    public Uni<JsonNode> getLinkedAccount(@Context UriInfo uri) {
        Map<String, String> query = query(uri.getQueryParameters(),
                Set.of("external_id", "platform_type", "community_platform_id"));
        String platformId = query.get("community_platform_id");
        return identities.getLinkedAccount(idParameter("external_id", requiredParameter(query, "external_id")),
                requiredParameter(query, "platform_type"), platformId == null || platformId.isEmpty() ? null
                        : platformId);
    }

    /** Upstream's comma-separated {@code external_id_list}, at most {@link IdentityService#MAX_LISTED_IDS}. */
    private static List<Long> idList(String value) {
        String[] items = value.split(",", -1);
        if (items.length > IdentityService.MAX_LISTED_IDS) {
            throw ApiException.badRequest("'external_id_list' has " + items.length + " ids; at most "
                    + IdentityService.MAX_LISTED_IDS + " are allowed", List.of("external_id_list"));
        }
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        for (String item : items) {
            ids.add(idParameter("external_id_list", item));
        }
        return new ArrayList<>(ids);
    }
}
