package org.metagov.runner.repository;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.metagov.events.process.ProcessUpdate;
import org.metagov.plugin.model.ProcessValues;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.process.ProcessStatus;

/**
 * One process row, loaded under its row lock, as plugin code changes it. Everything lives in memory until the
 * runner stores the row, so a failed call changes nothing.
 */
public final class LoadedProcess extends ProcessValues {

    final String id;
    final String community;
    final String plugin;
    final String name;
    /** The plugin instance the process runs in (null only in rows from before it was recorded). */
    final String instanceId;
    long version;
    /** How the command being run went (typed, for process-service); DONE unless the runner says otherwise. */
    ProcessUpdate.CommandResult result = ProcessUpdate.CommandResult.DONE;
    final boolean isNew;
    private PluginBase pluginInstance;
    private final String fingerprint;

    LoadedProcess(String id, String community, String plugin, String name, String instanceId, ProcessStatus status,
            JsonNode outcome, JsonNode errors, ObjectNode state, Instant nextUpdateAt, String url, long version,
            boolean isNew) {
        super(status, outcome, errors, state, nextUpdateAt, url);
        this.instanceId = instanceId;
        this.id = id;
        this.community = community;
        this.plugin = plugin;
        this.name = name;
        this.version = version;
        this.isNew = isNew;
        this.fingerprint = fingerprint();
    }

    public static LoadedProcess created(String id, String community, String plugin, String name,
            String instanceId) {
        return new LoadedProcess(id, community, plugin, name, instanceId, ProcessStatus.CREATED, null, null, null,
                null, null, 0, true);
    }

    /** The plugin instance the process runs in, or null (a row from before instances were recorded). */
    public String instanceId() {
        return instanceId;
    }

    /** How the command being run has gone so far. */
    public ProcessUpdate.CommandResult result() {
        return result;
    }

    /** Records how the command being run went, for process-service (e.g. a close the type does not support). */
    public void commandResult(ProcessUpdate.CommandResult result) {
        this.result = result;
    }

    /** Gives process code its plugin: the live instance of the process's community. */
    public void attach(PluginBase plugin) {
        this.pluginInstance = plugin;
    }

    /** Whether plugin code changed anything (a new row always counts): only then is it stored. */
    public boolean changed() {
        return isNew || !fingerprint.equals(fingerprint());
    }

    private String fingerprint() {
        return status() + "|" + outcome() + "|" + errors() + "|" + stateValues() + "|" + nextUpdateAt() + "|" + url();
    }

    ProcessUpdate toUpdate(String updateId, String commandId) {
        return new ProcessUpdate(updateId, commandId, id, community, plugin, name, status().value(), outcome(),
                errors(), version, status() == ProcessStatus.COMPLETED ? null : nextUpdateAt(), Instant.now(), url(),
                commandId == null ? null : result);
    }

    /** The name of the plugin the process belongs to. */
    public String pluginName() {
        return plugin;
    }

    /** The process's name within its plugin. */
    public String processName() {
        return name;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String community() {
        return community;
    }

    @Override
    public PluginBase plugin() {
        return Objects.requireNonNull(pluginInstance, "the plugin is not enabled");
    }
}
