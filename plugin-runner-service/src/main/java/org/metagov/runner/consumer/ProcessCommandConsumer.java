package org.metagov.runner.consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.annotations.Blocking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;

import org.metagov.events.EventJson;
import org.metagov.observability.LogFields;
import org.metagov.observability.Traceparent;
import org.metagov.observability.Tracing;
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

    private final Tracing tracing;

    public ProcessCommandConsumer(ProcessRunner runner, RecordFailurePolicy policy, Tracing tracing) {
        this.runner = runner;
        this.policy = policy;
        this.tracing = tracing;
    }

    @Incoming("process-commands")
    @Blocking
    public void onCommand(ConsumerRecord<String, String> record) throws InterruptedException {
        // in the trace of the request that sent the command (the outbox row kept it)
        Span span = tracing.start("process-commands process", SpanKind.CONSUMER, Traceparent.of(record.headers()));
        try (Scope scope = span.makeCurrent();
                LogFields fields = LogFields.of(LogFields.PROCESS_ID, record.key())) {
            policy.handle(record, () -> {
                ProcessCommand command = EventJson.read(record.value(), ProcessCommand.class);
                try (LogFields more = LogFields.of(LogFields.COMMUNITY, command.community(), LogFields.PLUGIN,
                        command.plugin())) {
                    runner.handle(command);
                }
            });
        } finally {
            span.end();
        }
    }
}
