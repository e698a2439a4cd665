package org.metagov.events;

/**
 * How large a record may be, derived from the one setting {@code metagov.kafka.max-message-bytes} (env
 * {@code METAGOV_KAFKA_MAX_MESSAGE_BYTES}, default 1 MiB) that is also every topic's {@code max.message.bytes} and
 * every producer's {@code max.request.size}. Writes check their encoded aggregate against {@link #maxValueBytes()}
 * inside their transaction, so nothing is stored that the relay could never send.
 */
public record RecordLimits(int maxMessageBytes) {

    public static final String SETTING = "metagov.kafka.max-message-bytes";
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1_048_576;
    /** Room for the key, headers (trace context, ids) and the record batch framing around one value. */
    public static final int RECORD_OVERHEAD_BYTES = 8_192;

    public RecordLimits {
        if (maxMessageBytes < 4 * RECORD_OVERHEAD_BYTES) {
            throw new IllegalArgumentException(SETTING + " must be at least " + 4 * RECORD_OVERHEAD_BYTES);
        }
    }

    public static RecordLimits defaults() {
        return new RecordLimits(DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** The largest value (encoded JSON) one record may carry. */
    public int maxValueBytes() {
        return maxMessageBytes - RECORD_OVERHEAD_BYTES;
    }

    /**
     * The largest raw body a value of {@code envelopeBytes} plus the body base64-encoded (as JSON carries
     * {@code byte[]}) still fits in, e.g. a hook's body beside its headers and path.
     */
    public int maxBase64BodyBytes(int envelopeBytes) {
        return Math.max(0, (maxValueBytes() - envelopeBytes) / 4 * 3);
    }
}
