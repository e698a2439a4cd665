package org.metagov.web;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.arc.Arc;

/**
 * The caller of the current request, set once by the authentication filter (the gateway's token check, or
 * {@link CallerFilter} behind it) and read by every service call that acts for a driver.
 */
@RequestScoped
public class CallerContext {

    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** The verified caller; {@link Caller#local()} where no filter set one (a route outside /api/internal). */
    public Caller caller() {
        return caller == null ? Caller.local() : caller;
    }

    /**
     * The driver id of the active request's verified caller, or null outside a request (a Kafka consumer, a timer):
     * the "who" of an audit entry.
     */
    public static String currentDriverId() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        return Arc.container().instance(CallerContext.class).get().caller().driverId();
    }

    public boolean isSet() {
        return caller != null;
    }

    /** 403 unless the caller is an administrator. */
    public void requireAdmin() {
        if (!caller().admin()) {
            throw new ApiException(403, "forbidden", "This call is for administrators (group " + Caller.ADMIN_GROUP + ")");
        }
    }
}
