package org.metagov.dispatcher.client;

/**
 * What the receiver answered: enough to decide on a retry and to tell an operator why an event was dead-lettered.
 * Never its body: a receiver may be (or redirect to) an internal service, whose error pages must reach no one.
 *
 * @param retryAfter the Retry-After header, or null
 * @param location the Location header of a redirect, or null
 */
public record ReceiverResponse(int status, String retryAfter, String location) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
