package org.metagov.sdk;

import java.util.List;

/**
 * Thrown by plugin code. {@link #badRequest} means the caller's input was wrong (answered 400 with the message);
 * {@link #timeout} that a platform did not answer in time (504); anything else a plugin throws is the plugin's
 * failure (answered 502, the message kept, no stack trace). {@link #details()} carries what the platform said
 * (its error body, parsed when JSON), answered in the error's {@code details}; never put a secret in either.
 */
public class PluginException extends RuntimeException {

    private final boolean callerFault;
    private final boolean timeout;
    private final List<Object> details;

    private PluginException(String message, boolean callerFault, boolean timeout, Throwable cause,
            List<?> details) {
        super(message, cause);
        this.callerFault = callerFault;
        this.timeout = timeout;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    private PluginException(String message, boolean callerFault, boolean timeout, Throwable cause) {
        this(message, callerFault, timeout, cause, null);
    }

    public static PluginException badRequest(String message) {
        return new PluginException(message, true, false, null);
    }

    public static PluginException failure(String message, Throwable cause) {
        return new PluginException(message, false, false, cause);
    }

    /**
     * The platform refused or failed a call (502): {@code details} is what it answered (for example Discourse's
     * {@code {"errors": [...]}}), so the driver sees the platform's own words.
     */
    public static PluginException platformFailure(String message, List<?> details) {
        return new PluginException(message, false, false, null, details);
    }

    /** A platform (or another dependency) did not answer in time: 504, worth retrying later. */
    public static PluginException timeout(String message) {
        return new PluginException(message, false, true, null);
    }

    public boolean isTimeout() {
        return timeout;
    }

    public boolean isCallerFault() {
        return callerFault;
    }

    /** What the platform said, for the error's {@code details}; empty when nothing. Values Jackson can write. */
    public List<Object> details() {
        return details;
    }
}
