package org.metagov.community.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.community.service.CommunityService;
import org.metagov.community.service.CommunityService.PlatformIdReport;
import org.metagov.events.EventJson;
import org.metagov.events.InstanceReport;
import org.metagov.events.KafkaFailures.InvalidRecord;
import org.metagov.messaging.RecordFailurePolicy;

/**
 * Records what plugin-runner learnt about instances (a community platform id from {@code initialize()}). A report
 * refused by the rules (it contradicts the config, or another instance has the id) is logged at WARN and counted in
 * {@code metagov_instance_reports_total{outcome}}, so the conflict is visible; the instance keeps running unrouted.
 */
@ApplicationScoped
public class InstanceReportConsumer {

    private final CommunityService communities;
    private final RecordFailurePolicy policy;
    private final MeterRegistry metrics;

    public InstanceReportConsumer(CommunityService communities, RecordFailurePolicy policy, MeterRegistry metrics) {
        this.communities = communities;
        this.policy = policy;
        this.metrics = metrics;
    }

    @Incoming("instance-reports")
    public Uni<Void> onReport(ConsumerRecord<String, String> record) {
        return policy.handleAsync(record, () -> {
            InstanceReport report = EventJson.read(record.value(), InstanceReport.class);
            String id = report.communityPlatformId();
            if (report.community() == null || report.instanceId() == null || id == null || id.isBlank()
                    || id.length() > 255) {
                throw new InvalidRecord("Instance report " + report.id() + " is incomplete");
            }
            return communities.recordPlatformId(report.community(), report.instanceId(), id).invoke(outcome -> {
                metrics.counter("metagov.instance.reports", "outcome", outcome.name().toLowerCase()).increment();
                switch (outcome) {
                    case CONTRADICTS_CONFIG -> Log.warnf("Instance %s of community %s reported a community platform "
                            + "id that its config's platform id key contradicts; kept the config's",
                            report.instanceId(), report.community());
                    case TAKEN -> Log.warnf("Instance %s of community %s reported community platform id %s, which "
                            + "another instance of its plugin has; not recorded", report.instanceId(),
                            report.community(), id);
                    default -> Log.debugf("Instance report %s: %s", report.id(), outcome);
                }
            }).replaceWithVoid();
        });
    }
}
