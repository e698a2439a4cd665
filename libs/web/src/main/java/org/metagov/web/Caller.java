package org.metagov.web;

/**
 * The driver a call is made for, as the gateway verified it (token subject, or {@link #LOCAL} for a trusted local
 * caller) and passed on to the services behind it ({@link CallerHeader}). {@code admin}: the token had the
 * {@value #ADMIN_GROUP} group.
 */
public record Caller(String driverId, boolean admin) {

    /** The built-in driver of trusted local callers (requests without a token from a trusted network). */
    public static final String LOCAL = "local";

    /** The gateway itself, for the calls it makes on its own (a public hook's community lookup). */
    public static final String GATEWAY = "gateway";

    /** The token group that makes a caller an administrator (driver accounts). */
    public static final String ADMIN_GROUP = "metagov-admin";

    /**
     * Whether this caller may see and act on what {@code owner} owns (a community, its processes and plugin
     * instances): its own, or anything for an administrator. Everything else is answered as if it did not exist.
     */
    public boolean mayUse(String owner) {
        return admin || driverId.equals(owner);
    }

    public static Caller local() {
        return new Caller(LOCAL, false);
    }

    public static Caller gateway() {
        return new Caller(GATEWAY, true);
    }
}
