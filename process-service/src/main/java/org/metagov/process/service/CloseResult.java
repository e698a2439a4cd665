package org.metagov.process.service;

import org.metagov.process.repository.ProcessRecord;

/** How a driver's close of a process went. */
public sealed interface CloseResult {

    /** The process is completed (now, or it already was). */
    record Closed(ProcessRecord process) implements CloseResult {
    }

    /** The process stays open: it cannot be closed by the driver, or its plugin does not support or declined it. */
    record NotClosable(String reason) implements CloseResult {
    }

    /** The plugin failed while closing; the process stays open. */
    record PluginFailed(String reason) implements CloseResult {
    }

    /** The plugin did not answer in time; it may still close the process. */
    record TimedOut() implements CloseResult {
    }
}
