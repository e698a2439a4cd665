package org.metagov.observability;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the OpenTelemetry SDK off unless an OTLP endpoint is configured, so a service without a collector sends
 * nothing, logs no export failures and pays (almost) nothing for tracing; tests stay quiet. Setting
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or Quarkus's {@code QUARKUS_OTEL_EXPORTER_OTLP[_TRACES]_ENDPOINT}) turns it
 * on; {@code QUARKUS_OTEL_SDK_DISABLED} always wins (ordinal below application.properties and the environment).
 */
public class TracingDefaults implements ConfigSource {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    private static final Set<String> ENDPOINT_ENV = Set.of("OTEL_EXPORTER_OTLP_ENDPOINT",
            "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    private static final Set<String> ENDPOINT_PROPERTIES = Set.of("quarkus.otel.exporter.otlp.endpoint",
            "quarkus.otel.exporter.otlp.traces.endpoint");

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(SDK_DISABLED);
    }

    @Override
    public String getValue(String name) {
        return SDK_DISABLED.equals(name) ? Boolean.toString(!endpointConfigured(System.getenv(),
                System.getProperties())) : null;
    }

    static boolean endpointConfigured(Map<String, String> env, java.util.Properties properties) {
        return ENDPOINT_ENV.stream().anyMatch(k -> notBlank(env.get(k)))
                || ENDPOINT_PROPERTIES.stream().anyMatch(k -> notBlank(properties.getProperty(k)));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public int getOrdinal() {
        return 150; // above libs' microprofile-config.properties (100), below application.properties (250)
    }

    @Override
    public String getName() {
        return "metagov-tracing-defaults";
    }
}
