package org.metagov.runner.process;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.events.EventJson;
import org.metagov.events.InboundWebhook;
import org.metagov.events.PluginDescriptor.ProcessDescriptor;
import org.metagov.sdk.process.GovernanceProcess;
import org.metagov.sdk.process.ProcessBase;

/** One process class, read once: its catalog descriptor and which optional methods it implements. */
public record ProcessType(Class<? extends ProcessBase<?>> type, String plugin, ProcessDescriptor descriptor) {

    public static ProcessType of(Class<? extends ProcessBase<?>> type) {
        GovernanceProcess annotation = type.getAnnotation(GovernanceProcess.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type + " is not annotated @GovernanceProcess");
        }
        ProcessDescriptor descriptor = new ProcessDescriptor(annotation.name(), annotation.description(),
                schema(type, annotation.inputSchema()), schema(type, annotation.outcomeSchema()),
                overrides(type, "close"), overrides(type, "update"),
                overrides(type, "receiveWebhook", InboundWebhook.class), annotation.updateIntervalSeconds());
        return new ProcessType(type, annotation.plugin(), descriptor);
    }

    public String name() {
        return descriptor.name();
    }

    /** {@code plugin.name}, as in the URL. */
    public String qualifiedName() {
        return plugin + "." + descriptor.name();
    }

    private static boolean overrides(Class<?> type, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass() != ProcessBase.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static JsonNode schema(Class<?> type, String resource) {
        if (resource.isEmpty()) {
            return null;
        }
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(type.getName() + ": schema resource '" + resource
                        + "' not found beside the class");
            }
            return EventJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(type.getName() + ": unreadable schema " + resource, e);
        }
    }
}
