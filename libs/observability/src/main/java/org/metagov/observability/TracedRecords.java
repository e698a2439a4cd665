package org.metagov.observability;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.Record;

import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A record for a SmallRye emitter whose producer span (and {@code traceparent} header) continues a given trace, not
 * whatever context the sending thread has: an outbox row sent by the relay, an event a plugin thread sends. Send it
 * with {@code MutinyEmitter.sendMessage}, whose Uni completes on Kafka's ack as {@code send} does.
 */
public final class TracedRecords {

    private TracedRecords() {
    }

    /** In the trace of {@code traceparent} (the row's); a record of no trace when it is null. */
    public static <K, V> Message<Record<K, V>> of(Record<K, V> record, String traceparent) {
        return of(record, Traceparent.parent(traceparent));
    }

    /** In the trace of the calling thread. */
    public static <K, V> Message<Record<K, V>> inCurrentTrace(Record<K, V> record) {
        return of(record, Context.current());
    }

    private static <K, V> Message<Record<K, V>> of(Record<K, V> record, Context context) {
        return Message.of(record).addMetadata(TracingMetadata.withCurrent(context));
    }
}
