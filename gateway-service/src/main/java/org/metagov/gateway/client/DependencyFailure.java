package org.metagov.gateway.client;

import java.time.Duration;

/**
 * A service the gateway calls could not be reached, did not answer within its time, or answered something the
 * gateway cannot use. Named by the service, never by its address; the REST layer chooses the status.
 */
public class DependencyFailure extends RuntimeException {

    public enum Kind {
        UNAVAILABLE, TIMED_OUT, BAD_ANSWER
    }

    private final String service;
    private final Kind kind;

    private DependencyFailure(String service, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.service = service;
        this.kind = kind;
    }

    public static DependencyFailure unavailable(String service, Throwable cause) {
        return new DependencyFailure(service, Kind.UNAVAILABLE, service + " is unavailable; retry later", cause);
    }

    public static DependencyFailure timedOut(String service, Duration timeout) {
        return new DependencyFailure(service, Kind.TIMED_OUT,
                service + " did not answer within " + timeout.toSeconds() + " s; retry later", null);
    }

    public static DependencyFailure badAnswer(String service, int status) {
        return new DependencyFailure(service, Kind.BAD_ANSWER, service + " answered " + status + "; retry later", null);
    }

    public String service() {
        return service;
    }

    public Kind kind() {
        return kind;
    }
}
