package org.metagov.gateway.openapi;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shapes of the driver-account bodies (README "Authentication"), for the OpenAPI document only. */
public final class DriverAccountSchemas {

    private DriverAccountSchemas() {
    }

    @Schema(name = "DriverRequest", description = "The body of POST (name required) and PATCH of a driver account")
    public record DriverRequest(
            @Schema(description = "1..200 characters") String name,
            @JsonProperty("redirect_uris") @Schema(description = "Up to 20 absolute http(s) URI prefixes a driver's "
                    + "OAuth redirect_uri may start with") List<String> redirectUris) {
    }

    @Schema(name = "DriverAccount", description = "A driver account")
    public record DriverAccount(String id, String name, @JsonProperty("redirect_uris") List<String> redirectUris,
            @Schema(description = "Tokens below this generation are refused") long generation,
            @JsonProperty("created_at") String createdAt) {
    }

    @Schema(name = "DriverAccountPage", description = "A page of driver accounts, newest first")
    public record DriverAccountPage(List<DriverAccount> items,
            @Schema(description = "The cursor of the next page, or null", nullable = true) String next) {
    }

    @Schema(name = "DriverToken", description = "A new token, shown only in this answer")
    public record DriverToken(String id, String name, @JsonProperty("redirect_uris") List<String> redirectUris,
            @Schema(description = "Authorization: Bearer <token>") String token) {
    }

    @Schema(name = "OwnedCommunity", description = "A community with the driver it belongs to")
    public record OwnedCommunity(String slug, String name, @JsonProperty("readable_name") String readableName,
            @Schema(description = "The id of the driver the community belongs to") String owner,
            @JsonProperty("created_at") String createdAt) {
    }

    @Schema(name = "OwnedCommunityPage", description = "A page of communities, newest first")
    public record OwnedCommunityPage(List<OwnedCommunity> items,
            @Schema(description = "The cursor of the next page, or null", nullable = true) String next) {
    }

    @Schema(name = "OwnerChange", description = "The body of an administrator's transfer of a community")
    public record OwnerChange(@Schema(description = "local, or the id of a driver account") String owner) {
    }
}
