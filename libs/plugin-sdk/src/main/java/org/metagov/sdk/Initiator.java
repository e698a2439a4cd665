package org.metagov.sdk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The user that caused an event: a user id unique within its identity provider, written as upstream Metagov sends
 * it to drivers: {@code {"user_id", "provider"}}, plus {@code is_metagov_bot} (Slack, Discord: PolicyKit drops the
 * bot's own events by it) and {@code user_name} (GitHub) when set. {@code user_id} is a JSON number when
 * {@code numericUserId} (GitHub's numeric ids), else a string (or null).
 */
public record Initiator(String userId, String provider, Boolean isMetagovBot, String userName,
        boolean numericUserId) {

    public Initiator {
        if (numericUserId && (userId == null || !userId.matches("-?\\d{1,18}"))) {
            throw new IllegalArgumentException("A numeric user id is a whole number");
        }
    }

    /** {@code {"user_id", "provider"}}, as before the optional fields. */
    public Initiator(String userId, String provider) {
        this(userId, provider, null, null, false);
    }

    /** Slack, Discord: {@code {"user_id", "provider", "is_metagov_bot"}}. */
    public static Initiator platformUser(String userId, String provider, boolean isMetagovBot) {
        return new Initiator(userId, provider, isMetagovBot, null, false);
    }

    /** GitHub: {@code {"user_id": <number>, "user_name", "provider"}}. */
    public static Initiator numeric(long userId, String userName, String provider) {
        return new Initiator(Long.toString(userId), provider, null, userName, true);
    }

    @JsonValue
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        if (numericUserId) {
            json.put("user_id", Long.parseLong(userId));
        } else {
            json.put("user_id", userId);
        }
        json.put("provider", provider);
        if (isMetagovBot != null) {
            json.put("is_metagov_bot", isMetagovBot);
        }
        if (userName != null) {
            json.put("user_name", userName);
        }
        return json;
    }

    @JsonCreator
    public static Initiator fromJson(JsonNode json) {
        JsonNode id = json.path("user_id");
        JsonNode bot = json.path("is_metagov_bot");
        JsonNode name = json.path("user_name");
        return new Initiator(id.isNull() || id.isMissingNode() ? null : id.asText(), json.path("provider").asText(null),
                bot.isBoolean() ? bot.asBoolean() : null, name.isTextual() ? name.asText() : null,
                id.isIntegralNumber());
    }
}
