package org.metagov.runner.consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.metagov.events.EventJson;
import org.metagov.events.process.ProcessCommand;
import org.metagov.messaging.RecordFailurePolicy;
import org.metagov.runner.service.ProcessRunner;

/**
 * Consumes process-commands. Keyed by process id and consumed in order per partition (ordered blocking), so a
 * process's commands run in the order process-service sent them; replicas share partitions through one group.
 * Plugin failures become updates inside {@link ProcessRunner#handle}; what is left goes by the shared failure policy:
 * an unreadable command to the dead-letter topic, a database outage retried until it passes, a bug tried a few
 * times and then dead-lettered (never dropped).
 */
@ApplicationScoped
public class ProcessCommandConsumer {

    private final ProcessRunner runner;
    private final RecordFailurePolicy policy;

    public ProcessCommandConsumer(ProcessRunner runner, RecordFailurePolicy policy) {
        this.runner = runner;
        this.policy = policy;
    }

    @Incoming("process-commands")
    @Blocking
    public void onCommand(ConsumerRecord<String, String> record) throws InterruptedException {
        policy.handle(record, () -> runner.handle(EventJson.read(record.value(), ProcessCommand.class)));
    }
}
