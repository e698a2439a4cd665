package org.metagov.gateway.openapi;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shapes of the driver API's bodies, for the OpenAPI document only: the gateway relays these bodies between
 * drivers and the services that own them, which define and check them (community-service, process-service).
 */
public final class DriverSchemas {

    private DriverSchemas() {
    }

    @Schema(name = "Error", description = "Every error answer")
    public record Error(
            @Schema(description = "Stable code, e.g. bad_request, malformed_json, not_found, conflict, payload_too_large,"
                    + " plugin_failed, timeout, unavailable") String error,
            @Schema(description = "What went wrong, for people") String message,
            @Schema(description = "Specifics, e.g. one entry per schema violation") List<String> details) {
    }

    @Schema(name = "PluginEntry", description = "A plugin to enable, in a community's body")
    public record PluginEntry(
            @Schema(description = "Plugin type, e.g. slack", required = true) String name,
            @Schema(description = "Config, checked against the plugin's config schema") Map<String, Object> config,
            @JsonProperty("community_platform_id") @Schema(description = "The platform's id of the community; must "
                    + "agree with the plugin's config key when given") String communityPlatformId) {
    }

    @Schema(name = "CommunityRequest", description = "The body of POST and PUT community")
    public record CommunityRequest(
            @Schema(description = "Slug; generated on POST when missing; on PUT it must equal the path") String slug,
            @Schema(description = "Older name of slug, accepted as well") String name,
            @JsonProperty("readable_name") @Schema(description = "Display name; PUT without it keeps the stored one")
            String readableName,
            @Schema(description = "The complete set of enabled plugins; left out, every plugin is disabled")
            List<PluginEntry> plugins) {
    }

    @Schema(name = "PluginInstance", description = "A plugin enabled for a community")
    public record PluginInstance(
            @Schema(description = "Random, unique, positive integer below 2^53") long id,
            @Schema(description = "Plugin type") String name,
            @Schema(description = "Config with defaults filled in; secrets only as this request sent them")
            Map<String, Object> config,
            @Schema(description = "Community slug") String community,
            @JsonProperty("community_platform_id") @Schema(description = "The platform's id of the community, or null",
                    nullable = true) String communityPlatformId,
            @JsonProperty("auth_type") @Schema(enumeration = {"api_key", "oauth", "none"}) String authType) {
    }

    @Schema(name = "Community", description = "A community and its enabled plugins")
    public record Community(
            String slug,
            @Schema(description = "Equal to slug") String name,
            @JsonProperty("readable_name") String readableName,
            List<PluginInstance> plugins) {
    }

    @Schema(name = "HookList", description = "The webhook receiver URLs of a community, relative to the gateway")
    public record HookList(List<String> hooks) {
    }

    @Schema(name = "PluginConfig", type = SchemaType.OBJECT, description = "The bare config object of the plugin, "
            + "checked against its config schema (upstream's form); {\"config\": {...}} is accepted too",
            additionalProperties = Schema.True.class)
    public static final class PluginConfig {
    }

    @Schema(name = "ProcessStart", type = SchemaType.OBJECT, description = "The process's parameters, flat, checked "
            + "against its input schema (each process's own path documents them)", additionalProperties = Schema.True.class)
    public static final class ProcessStart {
        @JsonProperty("callback_url")
        @Schema(description = "Receives the process record when the process completes or its outcome changes",
                format = "uri")
        public String callbackUrl;
    }

    @Schema(name = "ProcessRecord", description = "A governance process, as GET, DELETE and callbacks give it")
    public record ProcessRecord(
            @Schema(description = "Opaque, unguessable id") String id,
            @Schema(description = "<plugin>.<process>") String name,
            @Schema(description = "Community slug") String community,
            @Schema(enumeration = {"created", "pending", "completed"}) String status,
            @Schema(description = "Where the process can be seen on its platform", nullable = true) String url,
            @Schema(description = "Empty unless something failed") Map<String, Object> errors,
            @Schema(description = "The process's outcome so far (its own shape)") Map<String, Object> outcome) {
    }

    @Schema(name = "CreateIdRequest")
    public record CreateIdRequest(@JsonProperty("community_slug") String communitySlug,
            @Schema(minimum = "1", maximum = "100", defaultValue = "1") Integer count) {
    }

    @Schema(name = "MergeIdsRequest")
    public record MergeIdsRequest(@JsonProperty("primary_instance_id") long primaryInstanceId,
            @JsonProperty("secondary_instance_id") long secondaryInstanceId) {
    }

    @Schema(name = "LinkAccountRequest")
    public record LinkAccountRequest(@JsonProperty("external_id") long externalId,
            @JsonProperty("community_slug") String communitySlug,
            @JsonProperty("platform_type") String platformType,
            @JsonProperty("platform_identifier") String platformIdentifier,
            @JsonProperty("community_platform_id") String communityPlatformId,
            @JsonProperty("custom_data") Map<String, Object> customData,
            @JsonProperty("link_type") String linkType,
            @JsonProperty("link_quality") String linkQuality) {
    }

    @Schema(name = "UnlinkAccountRequest")
    public record UnlinkAccountRequest(@JsonProperty("community_slug") String communitySlug,
            @JsonProperty("platform_type") String platformType,
            @JsonProperty("platform_identifier") String platformIdentifier,
            @JsonProperty("community_platform_id") String communityPlatformId) {
    }

    @Schema(name = "LinkedAccount")
    public record LinkedAccount(@JsonProperty("external_id") long externalId, String community,
            @JsonProperty("community_platform_id") @Schema(nullable = true) String communityPlatformId,
            @JsonProperty("platform_type") String platformType,
            @JsonProperty("platform_identifier") String platformIdentifier,
            @JsonProperty("custom_data") Map<String, Object> customData,
            @JsonProperty("link_type") String linkType,
            @JsonProperty("link_quality") String linkQuality) {
    }

    @Schema(name = "User", description = "An id with the accounts linked to it or to any id merged with it")
    public record User(@JsonProperty("source_ID") long sourceId, @JsonProperty("primary_ID") Long primaryId,
            @JsonProperty("linked_accounts") List<LinkedAccount> linkedAccounts) {
    }
}
