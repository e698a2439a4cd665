package org.metagov.sdk.process;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginState;

/**
 * One loaded process as the runner gives it to plugin code; authors use it through {@link ProcessBase}. The runner
 * stores whatever was set here once the call returns, in one transaction with the record it publishes.
 */
public interface ProcessContext {
    String id();

    String community();

    /** The live plugin instance of the process's community (seed 001's {@code self.plugin_inst}). */
    PluginBase plugin();

    /** Persistent values of this process alone. */
    PluginState state();

    ProcessStatus status();

    void status(ProcessStatus status);

    JsonNode outcome();

    void outcome(JsonNode outcome);

    JsonNode errors();

    void errors(JsonNode errors);

    /** Where people take part on the platform (a poll's page, a vote message), shown to drivers as {@code url}. */
    String url();

    /** Sets the record's {@code url}: an absolute http(s) URL, or null for none. */
    void url(String url);

    /** Asks for the next {@code update()} no later than {@code at}; null clears the wish. */
    void nextUpdateAt(Instant at);
}
