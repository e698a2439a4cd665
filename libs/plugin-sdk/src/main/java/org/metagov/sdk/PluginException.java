package org.metagov.sdk;

/**
 * Thrown by plugin code. {@link #badRequest} means the caller's input was wrong (answered 400 with the message);
 * {@link #timeout} that a platform did not answer in time (504); anything else a plugin throws is the plugin's
 * failure (answered 502, the message kept, no stack trace).
 */
public class PluginException extends RuntimeException {

    private final boolean callerFault;
    private final boolean timeout;

    private PluginException(String message, boolean callerFault, boolean timeout, Throwable cause) {
        super(message, cause);
        this.callerFault = callerFault;
        this.timeout = timeout;
    }

    public static PluginException badRequest(String message) {
        return new PluginException(message, true, false, null);
    }

    public static PluginException failure(String message, Throwable cause) {
        return new PluginException(message, false, false, cause);
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
}
