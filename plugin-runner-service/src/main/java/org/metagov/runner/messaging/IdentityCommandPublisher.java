package org.metagov.runner.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.EventJson;
import org.metagov.events.IdentityCommand;
import org.metagov.sdk.Identities;
import org.metagov.sdk.PluginException;

/**
 * Plugins' account links, put on identity-commands keyed by community for community-service to apply. The channel
 * has no config of its own: its name is the topic, its serializers are detected.
 */
@ApplicationScoped
public class IdentityCommandPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<Record<String, String>> emitter;

    public IdentityCommandPublisher(@Channel("identity-commands") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** The identities of one community; plugin code calls it on a plugin thread, and it waits for Kafka's ack. */
    public Identities of(String community) {
        return (externalId, platformType, platformIdentifier, communityPlatformId, customData, linkType,
                linkQuality) -> {
            if (platformType == null || platformType.isBlank() || platformIdentifier == null
                    || platformIdentifier.isBlank()) {
                throw new IllegalArgumentException("linkAccount needs a platform type and a platform identifier");
            }
            IdentityCommand command = IdentityCommand.linkAccount(community, externalId, platformType,
                    platformIdentifier, communityPlatformId, customData, linkType, linkQuality);
            try {
                emitter.send(Record.of(community, EventJson.write(command))).await().atMost(ACK_TIMEOUT);
            } catch (RuntimeException e) {
                throw PluginException.failure("The account link was not published", e);
            }
        };
    }
}
