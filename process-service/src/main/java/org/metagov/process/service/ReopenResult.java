package org.metagov.process.service;

import org.metagov.process.repository.ProcessRecord;

/** How a driver's re-opening of a completed process went. */
public sealed interface ReopenResult {

    /** The process is pending again. */
    record Reopened(ProcessRecord process) implements ReopenResult {
    }

    /** It stays completed; {@code code} is the error code ({@code not_reopenable}, {@code not_completed}, ...). */
    record Refused(int status, String code, String reason) implements ReopenResult {
    }

    /** The plugin did not answer in time; it may still re-open it. */
    record TimedOut() implements ReopenResult {
    }
}
