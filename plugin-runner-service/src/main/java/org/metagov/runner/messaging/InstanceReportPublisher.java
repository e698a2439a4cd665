package org.metagov.runner.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.metagov.events.EventJson;
import org.metagov.events.InstanceReport;
import org.metagov.sdk.PluginException;

/**
 * What the runner learnt about an instance (its community platform id, from {@code initialize()}), put on
 * instance-reports keyed by community for community-service to record. The channel's name is the topic.
 */
@ApplicationScoped
public class InstanceReportPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final MutinyEmitter<Record<String, String>> emitter;

    public InstanceReportPublisher(@Channel("instance-reports") MutinyEmitter<Record<String, String>> emitter) {
        this.emitter = emitter;
    }

    /** Called on a plugin thread; waits for Kafka's ack, so a report that did not go out fails initialize(). */
    public void platformId(String community, String instanceId, String communityPlatformId) {
        InstanceReport report = InstanceReport.platformId(community, instanceId, communityPlatformId);
        try {
            emitter.send(Record.of(community, EventJson.write(report))).await().atMost(ACK_TIMEOUT);
        } catch (RuntimeException e) {
            throw PluginException.failure("The community platform id was not published", e);
        }
    }
}
