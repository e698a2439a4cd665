package org.metagov.metastore.service;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.Revision;

/** The summary each listed dataset gets (the search index stores the same shape). */
final class DatasetSummaries {

    private DatasetSummaries() {
    }

    static Views.DatasetSummary of(DatasetId id, ObjectNode datapackage, Revision revision) {
        return new Views.DatasetSummary(id.toString(), id.owner(), id.name(), text(datapackage, "title"),
                keywords(datapackage), revision);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static List<String> keywords(JsonNode datapackage) {
        List<String> keywords = new ArrayList<>();
        for (JsonNode keyword : datapackage.path("keywords")) {
            if (keyword.isTextual()) {
                keywords.add(keyword.asText());
            }
        }
        return keywords;
    }
}
