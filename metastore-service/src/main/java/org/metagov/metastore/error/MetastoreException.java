package org.metagov.metastore.error;

import java.util.List;

/**
 * The one exception every layer throws for an expected failure. It carries what the client sees:
 * the HTTP status, a stable machine-readable code, a human message and optional details.
 */
public class MetastoreException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<String> details;

    public MetastoreException(int status, String code, String message, List<String> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public MetastoreException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> details() {
        return details;
    }

    public static MetastoreException badRequest(String message, String... details) {
        return new MetastoreException(400, "bad_request", message, List.of(details));
    }

    public static MetastoreException invalid(String code, String message) {
        return new MetastoreException(400, code, message);
    }

    public static MetastoreException notFound(String message) {
        return new MetastoreException(404, "not_found", message);
    }

    public static MetastoreException conflict(String message) {
        return new MetastoreException(409, "conflict", message);
    }

    /** The client's If-Match (or the revision it based its write on) is no longer the latest. */
    public static MetastoreException stale(String expected, String actual) {
        return new MetastoreException(412, "precondition_failed",
                "The dataset has changed: If-Match names " + expected + " but the latest revision is " + actual);
    }

    public static MetastoreException unauthorized(String message) {
        return new MetastoreException(401, "unauthorized", message);
    }

    public static MetastoreException forbidden(String message) {
        return new MetastoreException(403, "forbidden", message);
    }

    /** A remote backend (GitHub) failed or answered something we did not expect. */
    public static MetastoreException upstream(String message) {
        return new MetastoreException(502, "bad_gateway", message);
    }
}
