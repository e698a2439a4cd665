package org.metagov.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

import com.fasterxml.jackson.core.JacksonException;

/**
 * The one classification of failures around Kafka records, by exception type (as Debezium's {@code ErrorHandler}
 * does), used by the outbox relay for sends and by the consumer failure policy for handlers:
 * <ul>
 * <li>{@link Kind#INVALID}: the record can never be handled (unreadable, fails validation, too large): dead-lettered
 * at once;</li>
 * <li>{@link Kind#TRANSIENT}: the world is unwell (database or broker unreachable, timeouts, serialisation conflicts):
 * retried with backoff and no limit, never dead-lettered;</li>
 * <li>{@link Kind#HANDLER}: anything else the handler threw: retried a bounded number of times, then
 * dead-lettered.</li>
 * </ul>
 */
public final class KafkaFailures {

    public enum Kind {
        INVALID, TRANSIENT, HANDLER
    }

    private KafkaFailures() {
    }

    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidRecordException || t instanceof JacksonException
                    || t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof SerializationException || t instanceof InvalidRecord) {
                return Kind.INVALID;
            }
            if (isTransient(t)) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.HANDLER;
    }

    /** A producer failure that no retry can cure: the row goes to the dead-letter table. */
    public static boolean isPermanentSendFailure(Throwable failure) {
        return classify(failure) == Kind.INVALID;
    }

    /** A short reason for a dead letter: the exception's simple name and message, never a stack trace. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof UncheckedIOException || root.getMessage() == null)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return (root.getClass().getSimpleName() + message).lines().findFirst().orElse("");
    }

    private static boolean isTransient(Throwable t) {
        if (t instanceof RetriableException || t instanceof TimeoutException || t instanceof ConnectException
                || t instanceof org.apache.kafka.common.errors.TimeoutException) {
            return true;
        }
        if (t instanceof IOException && !(t instanceof com.fasterxml.jackson.core.JacksonException)) {
            return true;
        }
        String name = t.getClass().getName();
        if (name.equals("io.vertx.core.impl.NoStackTraceThrowable") || name.endsWith("ClosedConnectionException")
                || name.equals("io.vertx.core.VertxException") && String.valueOf(t.getMessage()).contains("closed")
                || name.endsWith("ConnectionPoolTooBusyException") || name.endsWith("PoolTimeoutException")) {
            return true;
        }
        String state = sqlState(t);
        // 08 connection, 40 serialisation/deadlock, 53 resources, 57 operator intervention (shutdown), 55P03 lock
        return state != null && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                || state.startsWith("57") || state.equals("55P03"));
    }

    /** PostgreSQL's SQLSTATE of a Vert.x PgException or a JDBC SQLException, without depending on either. */
    private static String sqlState(Throwable t) {
        if (t instanceof java.sql.SQLException sql) {
            return sql.getSQLState();
        }
        if (t.getClass().getName().equals("io.vertx.pgclient.PgException")) {
            try {
                Method method = t.getClass().getMethod("getSqlState");
                return (String) method.invoke(t);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
        return null;
    }

    /** Thrown by a handler for a record that is readable but invalid: dead-lettered at once, never retried. */
    public static class InvalidRecord extends RuntimeException {
        public InvalidRecord(String message) {
            super(message);
        }

        public InvalidRecord(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
