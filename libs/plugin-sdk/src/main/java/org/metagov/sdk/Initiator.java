package org.metagov.sdk;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The user that caused an event: a user id unique within its identity provider. */
public record Initiator(@JsonProperty("user_id") String userId, String provider) {
}
