package org.metagov.runner.repository;

/** A pending process as the hook router needs it: which community and plugin it waits in, and its name. */
public record PendingProcess(String id, String community, String plugin, String name, String instanceId) {
}
