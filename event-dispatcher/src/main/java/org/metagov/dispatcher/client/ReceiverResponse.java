package org.metagov.dispatcher.client;

/**
 * What the receiver answered: enough to decide on a retry and to tell an operator why an event was dead-lettered.
 *
 * @param bodyPrefix the first bytes of the body (empty for 2xx, whose body nobody reads)
 * @param retryAfter the Retry-After header, or null
 * @param location the Location header of a redirect, or null
 */
public record ReceiverResponse(int status, String bodyPrefix, String retryAfter, String location) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
