package org.metagov.sdk;

/**
 * Thrown by plugin code. {@link #badRequest} means the caller's input was wrong (answered 400 with the message);
 * anything else a plugin throws is the plugin's failure (answered 502, the message kept, no stack trace).
 */
public class PluginException extends RuntimeException {

    private final boolean callerFault;

    private PluginException(String message, boolean callerFault, Throwable cause) {
        super(message, cause);
        this.callerFault = callerFault;
    }

    public static PluginException badRequest(String message) {
        return new PluginException(message, true, null);
    }

    public static PluginException failure(String message, Throwable cause) {
        return new PluginException(message, false, cause);
    }

    public boolean isCallerFault() {
        return callerFault;
    }
}
