package org.metagov.dispatcher.service;

import org.metagov.dispatcher.client.ReceiverResponse;

/**
 * Why an event was given up, for the record on driver-events.dlq.
 *
 * @param cause {@link #REJECTED}, {@link #EXHAUSTED} or {@link #UNREADABLE}
 * @param reason for people
 * @param attempts delivery attempts made (0 when the record could not even be read)
 * @param lastResponse the receiver's last answer, or null when it gave none
 */
public record DeadLetter(String cause, String reason, int attempts, ReceiverResponse lastResponse) {

    /** The receiver refused the event in a way no retry changes (4xx other than 408/429, a redirect). */
    public static final String REJECTED = "rejected";
    /** Every retry the schedule allows failed. */
    public static final String EXHAUSTED = "retries-exhausted";
    /** The record is not a DriverEvent; nothing could be sent. */
    public static final String UNREADABLE = "unreadable";
}
