package org.metagov.sdk.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ApplyDefaultsStrategy;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.ValidationResult;

/** JSON Schema validation (networknt) shared by every service that checks plugin input or output. */
public final class JsonSchemas {

    /** Draft 7, as the Metagov plugins' schemas are written; a schema naming another draft in $schema keeps it. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig FILL_DEFAULTS = SchemaValidatorsConfig.builder()
            .applyDefaultsStrategy(new ApplyDefaultsStrategy(true, false, false)).build();
    private static final Map<JsonNode, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /**
     * Validates {@code value} in place, filling in defaults of missing properties first. Returns one readable
     * message per error, sorted; empty when valid. A null or empty schema accepts anything.
     */
    public static List<String> validate(JsonNode schema, JsonNode value) {
        if (schema == null || schema.isNull() || schema.isEmpty()) {
            return List.of();
        }
        JsonSchema compiled = COMPILED.computeIfAbsent(schema, s -> FACTORY.getSchema(s, FILL_DEFAULTS));
        Set<ValidationMessage> messages;
        if (value instanceof ObjectNode) {
            ValidationResult result = compiled.walk(value, true);
            messages = result.getValidationMessages();
        } else {
            messages = compiled.validate(value);
        }
        List<String> errors = new ArrayList<>();
        messages.stream().sorted(Comparator.comparing(ValidationMessage::getMessage))
                .forEach(m -> errors.add(m.getMessage()));
        return errors;
    }

    /** Top-level properties the schema marks {@code "writeOnly": true}: secrets, never given back. */
    public static Set<String> secretProperties(JsonNode schema) {
        Set<String> secrets = new LinkedHashSet<>();
        if (schema != null && schema.path("properties").isObject()) {
            schema.path("properties").fields().forEachRemaining(e -> {
                if (e.getValue().path("writeOnly").asBoolean(false)) {
                    secrets.add(e.getKey());
                }
            });
        }
        return secrets;
    }

    /** A copy of {@code config} without the secret properties of {@code schema}. */
    public static JsonNode redact(JsonNode schema, JsonNode config) {
        if (!(config instanceof ObjectNode)) {
            return config;
        }
        ObjectNode copy = ((ObjectNode) config).deepCopy();
        copy.remove(secretProperties(schema));
        return copy;
    }
}
