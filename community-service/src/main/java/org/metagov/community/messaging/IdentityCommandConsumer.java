package org.metagov.community.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.community.repository.LinkedAccountRow;
import org.metagov.community.service.IdentityInput;
import org.metagov.community.service.IdentityService;
import org.metagov.events.EventJson;
import org.metagov.events.IdentityCommand;
import org.metagov.events.KafkaFailures.InvalidRecord;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.web.ApiException;

/**
 * Applies plugins' identity commands (one consumer group shared by the replicas). Idempotent by the account's
 * uniqueness: a command applied again finds its link in place. A command that can never apply (unknown community
 * or id, an account linked to another id) is invalid and goes to the dead-letter topic.
 */
@ApplicationScoped
public class IdentityCommandConsumer {

    private final IdentityService identities;
    private final RecordFailurePolicy policy;

    public IdentityCommandConsumer(IdentityService identities, RecordFailurePolicy policy) {
        this.identities = identities;
        this.policy = policy;
    }

    @Incoming("identity-commands")
    public Uni<Void> onCommand(ConsumerRecord<String, String> record) {
        return policy.handleAsync(record, () -> {
            IdentityCommand command = EventJson.read(record.value(), IdentityCommand.class);
            return identities.link(linkOf(command))
                    .onFailure(ApiException.class).transform(e -> new InvalidRecord(e.getMessage(), e))
                    .invoke(linked -> {
                        if (linked.account().externalId() != command.externalId()) {
                            throw new InvalidRecord("Command " + command.id() + ": the account is linked to id "
                                    + linked.account().externalId() + ", not " + command.externalId());
                        }
                        Log.debugf("identity command %s applied (new link: %s)", command.id(), linked.created());
                    })
                    .replaceWithVoid();
        });
    }

    private static LinkedAccountRow linkOf(IdentityCommand command) {
        if (!IdentityCommand.LINK_ACCOUNT.equals(command.type()) || command.community() == null
                || isBlank(command.platformType()) || isBlank(command.platformIdentifier())) {
            throw new InvalidRecord("Command " + command.id() + " is not a complete " + IdentityCommand.LINK_ACCOUNT);
        }
        JsonNode customData = command.customData() == null || command.customData().isNull()
                ? EventJson.MAPPER.createObjectNode() : command.customData();
        if (!customData.isObject()) {
            throw new InvalidRecord("Command " + command.id() + ": custom_data is not a JSON object");
        }
        try {
            return new LinkedAccountRow(command.externalId(), command.community(), command.platformType(),
                    isBlank(command.communityPlatformId()) ? null : command.communityPlatformId(),
                    command.platformIdentifier(), EventJson.write(customData),
                    IdentityInput.choice("link_type", command.linkType(), IdentityInput.LINK_TYPES),
                    IdentityInput.choice("link_quality", command.linkQuality(), IdentityInput.LINK_QUALITIES), 0);
        } catch (ApiException e) {
            throw new InvalidRecord("Command " + command.id() + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
