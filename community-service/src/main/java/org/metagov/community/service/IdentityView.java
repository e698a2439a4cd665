package org.metagov.community.service;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.community.repository.LinkedAccountRow;
import org.metagov.events.EventJson;

/** Upstream's identity shapes: the linked-account object and the identity data object ("user"). */
final class IdentityView {

    private IdentityView() {
    }

    static ObjectNode account(LinkedAccountRow a) {
        ObjectNode json = EventJson.MAPPER.createObjectNode();
        json.put("external_id", a.externalId());
        json.put("community", a.community());
        json.put("community_platform_id", a.communityPlatformId());
        json.put("platform_type", a.platformType());
        json.put("platform_identifier", a.platformIdentifier());
        json.set("custom_data", EventJson.read(a.customData(), JsonNode.class));
        json.put("link_type", a.linkType());
        json.put("link_quality", a.linkQuality());
        return json;
    }

    /** {@code accounts}: those of the whole merge group of {@code sourceId}. */
    static ObjectNode user(long sourceId, long primaryId, List<LinkedAccountRow> accounts) {
        ObjectNode json = EventJson.MAPPER.createObjectNode();
        json.put("source_ID", sourceId);
        json.put("primary_ID", primaryId);
        ArrayNode linked = json.putArray("linked_accounts");
        accounts.forEach(a -> linked.add(account(a)));
        return json;
    }
}
