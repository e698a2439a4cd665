package org.metagov.gateway.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import io.smallrye.common.annotation.Identifier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.DriverAccount;
import org.metagov.events.Topics;
import org.metagov.messaging.CompactedTopicCache;

/** Driver accounts from the compacted drivers topic: which drivers exist and their oldest honoured generation. */
@ApplicationScoped
@Default // injected plainly; @Identifier names it as the channel's rebalance listener
@Identifier("drivers-cache")
public class DriverDirectory extends CompactedTopicCache<DriverAccount> {

    public DriverDirectory() {
        super(Topics.DRIVERS, DriverAccount.class, DriverAccount::version);
    }

    @Incoming("drivers")
    public void onDriver(ConsumerRecord<String, String> record) {
        apply(record);
    }

    public Optional<DriverAccount> find(String id) {
        return get(id);
    }
}
