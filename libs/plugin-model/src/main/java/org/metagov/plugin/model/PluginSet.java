package org.metagov.plugin.model;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks across plugins and processes that one class alone cannot make: plugin names are unique, process
 * names are unique within their plugin, and every process belongs to a plugin of the set. The runner checks all
 * its plugins at start; the test kit checks the plugin under test with the processes a test runs.
 */
public final class PluginSet {

    private PluginSet() {
    }

    /** The plugins by name; throws {@link IllegalStateException} naming the first conflict. */
    public static Map<String, PluginType> check(Collection<PluginType> plugins, Collection<ProcessType> processes) {
        Map<String, PluginType> byName = new TreeMap<>();
        for (PluginType plugin : plugins) {
            if (byName.put(plugin.name(), plugin) != null) {
                throw new IllegalStateException("Two plugins are named " + plugin.name());
            }
        }
        Map<String, ProcessType> processNames = new TreeMap<>();
        for (ProcessType process : processes) {
            if (processNames.put(process.qualifiedName(), process) != null) {
                throw new IllegalStateException("Two processes are named " + process.qualifiedName());
            }
            PluginType plugin = byName.get(process.plugin());
            if (plugin == null || plugin.type() != process.pluginType()) {
                throw new IllegalStateException("Process " + process.qualifiedName() + " names no known plugin");
            }
        }
        return byName;
    }
}
