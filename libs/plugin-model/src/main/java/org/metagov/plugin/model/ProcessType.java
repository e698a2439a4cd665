package org.metagov.plugin.model;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

import org.metagov.events.PluginDescriptor.ProcessDescriptor;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;

/**
 * One process class, read and checked once: the plugin it belongs to (the type argument of {@code ProcessBase<P>},
 * the same class its {@code plugin()} returns), its catalog descriptor and which optional methods it implements.
 */
public record ProcessType(Class<? extends ProcessBase<?>> type, Class<? extends PluginBase> pluginType,
        ProcessDescriptor descriptor) {

    public static ProcessType of(Class<? extends ProcessBase<?>> type) {
        GovernanceProcess annotation = type.getAnnotation(GovernanceProcess.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated @GovernanceProcess");
        }
        Class<? extends PluginBase> plugin = pluginOf(type);
        boolean reopens = overrides(type, "reopen", com.fasterxml.jackson.databind.JsonNode.class);
        if (annotation.reopenable() != reopens) {
            throw new IllegalArgumentException(type.getName() + (annotation.reopenable()
                    ? ": a reopenable process overrides reopen(JsonNode)"
                    : ": overrides reopen(JsonNode) but is not @GovernanceProcess(reopenable = true)"));
        }
        ProcessDescriptor descriptor = new ProcessDescriptor(annotation.name(), annotation.description(),
                Schemas.beside(type, annotation.inputSchema()), Schemas.beside(type, annotation.outcomeSchema()),
                overrides(type, "close"), overrides(type, "update"),
                overrides(type, "receiveWebhook", WebhookRequest.class)
                        || overrides(type, "answerWebhook", WebhookRequest.class), annotation.updateIntervalSeconds(),
                annotation.reopenable());
        return new ProcessType(type, plugin, descriptor);
    }

    /** The plugin's name ({@code @Plugin(name)} of the type argument). */
    public String plugin() {
        return pluginType.getAnnotation(Plugin.class).name();
    }

    public String name() {
        return descriptor.name();
    }

    /** {@code plugin.name}, as in the URL. */
    public String qualifiedName() {
        return plugin() + "." + descriptor.name();
    }

    /** The class {@code P} of {@code ProcessBase<P>}, found up the superclasses; it must be a {@code @Plugin}. */
    private static Class<? extends PluginBase> pluginOf(Class<?> type) {
        for (Class<?> c = type; c != null && c != ProcessBase.class; c = c.getSuperclass()) {
            Type parent = c.getGenericSuperclass();
            if (parent instanceof ParameterizedType p && p.getRawType() == ProcessBase.class) {
                if (p.getActualTypeArguments()[0] instanceof Class<?> plugin
                        && PluginBase.class.isAssignableFrom(plugin) && plugin.isAnnotationPresent(Plugin.class)) {
                    return plugin.asSubclass(PluginBase.class);
                }
                break;
            }
        }
        throw new IllegalArgumentException(type.getName()
                + ": a governance process extends ProcessBase<P>, P the @Plugin class it belongs to");
    }

    private static boolean overrides(Class<?> type, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass() != ProcessBase.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
