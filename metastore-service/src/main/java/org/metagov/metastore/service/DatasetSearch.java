package org.metagov.metastore.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.metastore.storage.DatasetId;
import org.metagov.metastore.storage.Revision;

/** The {@code q} search of the dataset listing and the summary each listed dataset gets. */
final class DatasetSearch {

    private DatasetSearch() {
    }

    /** Case-insensitive substring match on the dataset name, the package's name and title, and its keywords. */
    static boolean matches(DatasetId id, ObjectNode datapackage, String needle) {
        if (contains(id.name(), needle) || contains(text(datapackage, "name"), needle)
                || contains(text(datapackage, "title"), needle)) {
            return true;
        }
        return keywords(datapackage).stream().anyMatch(k -> contains(k, needle));
    }

    static Views.DatasetSummary summary(DatasetId id, ObjectNode datapackage, Revision revision) {
        return new Views.DatasetSummary(id.toString(), id.owner(), id.name(), text(datapackage, "title"),
                keywords(datapackage), revision);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
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
