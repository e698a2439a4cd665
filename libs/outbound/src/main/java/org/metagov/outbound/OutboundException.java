package org.metagov.outbound;

/**
 * A call that did not give a response to use. The message is for the caller: it names the host and what went wrong,
 * never a Java class, a stack trace, an internal address or a port's state.
 */
public class OutboundException extends RuntimeException {

    public enum Kind {
        /** The URL cannot be called (scheme, credentials, no host). The caller's mistake. */
        INVALID_URL,
        /** The address policy refused the host. The caller's mistake. */
        REFUSED,
        /** The host did not resolve, or the connection failed. */
        UNREACHABLE,
        /** No complete answer within the time budget. */
        TIMEOUT,
        /** A redirect, which is not followed. */
        REDIRECT,
        /** The body was longer than the limit. */
        TOO_LARGE
    }

    private final Kind kind;

    public OutboundException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the URL itself is the caller's mistake (a 400), rather than a failure of the call (502/504). */
    public boolean isCallerFault() {
        return kind == Kind.INVALID_URL || kind == Kind.REFUSED;
    }
}
