package org.metagov.sdk.process;

import java.util.function.Function;

/**
 * Lets plugin code outside a process call change one, for example an action that casts a vote. Inject it into the
 * plugin class's constructor. The change runs with the process locked; what it sets is stored and published as if
 * the process had changed itself, so drivers see the new outcome (GET and callbacks).
 */
public interface ProcessAccess {

    /**
     * Loads process {@code processId} of {@code community} as {@code type}, runs {@code change} and stores the
     * result. Throws {@link org.metagov.sdk.PluginException#badRequest} when no such process exists there.
     */
    <T extends ProcessBase<?>, R> R change(String community, String processId, Class<T> type, Function<T, R> change);
}
