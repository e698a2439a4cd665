package org.metagov.events;

import java.util.List;

/** Every Kafka topic of the system, with the properties the services create it with when it is missing. */
public final class Topics {
    public static final String PLUGIN_CATALOG = "plugin-catalog";
    public static final String COMMUNITIES = "communities";
    public static final String ACTION_REQUESTS = "action-requests";
    public static final String ACTION_REPLIES = "action-replies";
    public static final String WEBHOOKS_INBOUND = "webhooks-inbound";
    public static final String PROCESS_COMMANDS = "process-commands";
    public static final String PROCESS_UPDATES = "process-updates";
    public static final String DRIVER_EVENTS = "driver-events";
    public static final String DRIVER_EVENTS_DLQ = "driver-events.dlq";

    /** A topic and whether it keeps only the latest record per key. */
    public record Spec(String name, boolean compacted) {
    }

    public static final List<Spec> ALL = List.of(
            new Spec(PLUGIN_CATALOG, true),
            new Spec(COMMUNITIES, true),
            new Spec(ACTION_REQUESTS, false),
            new Spec(ACTION_REPLIES, false),
            new Spec(WEBHOOKS_INBOUND, false),
            new Spec(PROCESS_COMMANDS, false),
            new Spec(PROCESS_UPDATES, false),
            new Spec(DRIVER_EVENTS, false),
            new Spec(DRIVER_EVENTS_DLQ, false));

    private Topics() {
    }
}
