package org.metagov.plugin.model;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginDescriptor.ActionDescriptor;
import org.metagov.sdk.Action;
import org.metagov.sdk.EventProducer;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.WebhookResponse;

/**
 * One plugin class, read and checked once: its descriptor for the catalog, its action methods by slug, and its
 * listeners. The runner loads plugins through this and the test kit runs them through it, so a plugin that passes
 * its test kit test passes every check the runner makes.
 */
public record PluginType(Class<? extends PluginBase> type, PluginDescriptor descriptor, Map<String, Method> actions,
        Listeners listeners) {

    /** The plugin's {@code @WebhookReceiver} and {@code @EventProducer} methods; either may be null. */
    public record Listeners(Method webhookReceiver, Method eventProducer, long pollIntervalSeconds) {

        /** Whether the receiver answers the platform ({@code @WebhookReceiver(answers = true)}). */
        public boolean answers() {
            return webhookReceiver != null && webhookReceiver.getAnnotation(WebhookReceiver.class).answers();
        }

        static Listeners of(Class<?> type) {
            Method receiver = null;
            Method producer = null;
            long interval = 0;
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(WebhookReceiver.class)) {
                    if (receiver != null || m.getParameterCount() != 1
                            || m.getParameterTypes()[0] != WebhookRequest.class) {
                        throw new IllegalArgumentException(type.getName()
                                + ": one @WebhookReceiver method, taking a WebhookRequest");
                    }
                    boolean answers = m.getAnnotation(WebhookReceiver.class).answers();
                    if (answers != (m.getReturnType() == WebhookResponse.class)) {
                        throw new IllegalArgumentException(type.getName() + "." + m.getName() + (answers
                                ? ": an answering @WebhookReceiver returns a WebhookResponse"
                                : ": returns a WebhookResponse but is not @WebhookReceiver(answers = true)"));
                    }
                    receiver = m;
                }
                EventProducer task = m.getAnnotation(EventProducer.class);
                if (task != null) {
                    if (producer != null || m.getParameterCount() != 0) {
                        throw new IllegalArgumentException(type.getName()
                                + ": one @EventProducer method, taking no argument");
                    }
                    producer = m;
                    interval = task.intervalSeconds();
                }
            }
            return new Listeners(receiver, producer, interval);
        }
    }

    public static PluginType of(Class<? extends PluginBase> type) {
        Plugin plugin = type.getAnnotation(Plugin.class);
        if (plugin == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated @Plugin");
        }
        Map<String, Method> actions = new LinkedHashMap<>();
        List<ActionDescriptor> actionDescriptors = new ArrayList<>();
        List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
        methods.sort(Comparator.comparing(Method::getName));
        for (Method m : methods) {
            Action action = m.getAnnotation(Action.class);
            if (action == null) {
                continue;
            }
            if (m.getParameterCount() > 1 || (m.getParameterCount() == 1 && m.getParameterTypes()[0] != JsonNode.class)) {
                throw new IllegalArgumentException(type.getName() + "." + m.getName()
                        + ": an action takes no argument or one JsonNode");
            }
            if (actions.put(action.slug(), m) != null) {
                throw new IllegalArgumentException(type.getName() + ": two actions named " + action.slug());
            }
            actionDescriptors.add(new ActionDescriptor(action.slug(), action.description(),
                    Schemas.beside(type, action.inputSchema()), Schemas.beside(type, action.outputSchema()),
                    action.isPublic()));
        }
        Listeners listeners = Listeners.of(type);
        return new PluginType(type, descriptor(type, plugin, actionDescriptors, listeners), actions, listeners);
    }

    /**
     * The catalog entry of the plugin, from its {@code @Plugin} annotation: a new attribute of the annotation that
     * drivers or other services must see is read here (and nowhere else).
     */
    static PluginDescriptor descriptor(Class<?> type, Plugin plugin, List<ActionDescriptor> actions,
            Listeners listeners) {
        JsonNode configSchema = Schemas.beside(type, plugin.configSchema());
        String platformIdKey = plugin.platformIdKey().isEmpty() ? null : plugin.platformIdKey();
        if (platformIdKey != null && (configSchema == null || !configSchema.path("properties").has(platformIdKey))) {
            throw new IllegalArgumentException(type.getName() + ": platformIdKey '" + platformIdKey
                    + "' is not a property of the config schema");
        }
        for (String reset : plugin.resetStateOn()) {
            if (configSchema == null || !configSchema.path("properties").has(reset)) {
                throw new IllegalArgumentException(type.getName() + ": resetStateOn '" + reset
                        + "' is not a property of the config schema");
            }
        }
        return new PluginDescriptor(plugin.name(), plugin.description(), configSchema, actions, List.of(),
                listeners.webhookReceiver() != null, 0, plugin.authType().wireName(), platformIdKey,
                checksConfig(type), listeners.answers());
    }

    /** Whether the plugin overrides {@link PluginBase#validateConfig}: only then is the runner asked before an enable. */
    static boolean checksConfig(Class<?> type) {
        try {
            return type.getMethod("validateConfig", JsonNode.class).getDeclaringClass() != PluginBase.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("PluginBase.validateConfig is missing", e);
        }
    }

    public String name() {
        return descriptor.name();
    }

    /**
     * Whether going from {@code oldConfig} to {@code newConfig} changes a property of {@code @Plugin(resetStateOn)},
     * i.e. whether the instance's state is to be dropped and {@code initialize()} run again.
     */
    public boolean resetsState(JsonNode oldConfig, JsonNode newConfig) {
        for (String property : type.getAnnotation(Plugin.class).resetStateOn()) {
            if (!oldConfig.path(property).equals(newConfig.path(property))) {
                return true;
            }
        }
        return false;
    }

    /** The schema of an action's parameters (null: any object); the action must exist. */
    public JsonNode inputSchema(String slug) {
        return descriptor.action(slug).inputSchema();
    }

    /** This plugin with its governance processes in the catalog descriptor (issue 5). */
    public PluginType withProcesses(List<PluginDescriptor.ProcessDescriptor> processes) {
        return new PluginType(type, descriptor.withProcesses(processes), actions, listeners);
    }
}
