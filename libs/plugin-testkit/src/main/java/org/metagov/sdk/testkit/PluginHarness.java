package org.metagov.sdk.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.outbound.AddressPolicy;
import org.metagov.outbound.OutboundClient;
import org.metagov.sdk.Action;
import org.metagov.sdk.EventProducer;
import org.metagov.sdk.Identities;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.Plugin;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginContext;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.WebhookReceiver;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.http.OutboundPlatformHttp;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.sdk.schema.JsonSchemas;

/**
 * One plugin instance in a unit test, treated as the runner treats it: the config checked against the plugin's
 * schema with defaults filled, {@code initialize()} once, parameters and results checked against the action's
 * schemas, state kept between calls, events to the driver recorded.
 *
 * <pre>{@code
 * PluginHarness<TutorialPlugin> tutorial = PluginHarness.start(TutorialPlugin.class, "{\"api_key\": \"k\"}");
 * assertEquals(10, tutorial.act("times-two", "{\"value\": 5}").path("result").asInt());
 * }</pre>
 */
public final class PluginHarness<P extends PluginBase> {

    /** An event the plugin sent to the driver. */
    public record SentEvent(String source, String eventType, JsonNode data, Initiator initiator) {
    }

    private static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.of(true, false, List.of());

    /** An account the plugin linked through {@code identity().linkAccount(...)}. */
    public record LinkedAccount(long externalId, String platformType, String platformIdentifier,
            String communityPlatformId, JsonNode customData, String linkType, String linkQuality) {
    }

    private final P plugin;
    private final Class<P> type;
    private final Map<String, JsonNode> state = new ConcurrentHashMap<>();
    private final List<SentEvent> events = new ArrayList<>();
    private final List<LinkedAccount> links = new ArrayList<>();
    private final Context context;

    private final List<String> httpOutcomes = new ArrayList<>();
    private final PlatformHttp http;

    private PluginHarness(Class<P> type, String community, JsonNode config, AddressPolicy outboundPolicy) {
        this.type = type;
        this.http = new OutboundPlatformHttp(new OutboundClient(outboundPolicy,
                OutboundClient.Settings.defaults("metagov-plugin-testkit")), outcome -> {
                    synchronized (this) {
                        httpOutcomes.add(outcome);
                    }
                });
        Plugin annotation = type.getAnnotation(Plugin.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated @Plugin");
        }
        JsonNode validated = config.deepCopy();
        JsonNode configSchema = schema(annotation.configSchema());
        if (configSchema != null) {
            List<String> errors = JsonSchemas.validate(configSchema, validated);
            if (!errors.isEmpty()) {
                throw PluginException.badRequest("Invalid config for " + annotation.name() + ": " + errors);
            }
        }
        try {
            this.plugin = type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " needs a public no-argument constructor", e);
        }
        this.context = new Context(community, validated);
        plugin.bind(context);
        plugin.initialize();
    }

    /** A new enabled instance for community {@code "test-community"}, {@code initialize()} already run. */
    public static <P extends PluginBase> PluginHarness<P> start(Class<P> type, String configJson) {
        return new PluginHarness<>(type, "test-community", read(configJson), LOOPBACK_ALLOWED);
    }

    /**
     * With the outbound address policy the runner would apply, e.g. {@link AddressPolicy#strict()} to see how the
     * plugin answers a config URL on an internal address. The other {@code start}s allow loopback, where
     * {@link FakePlatform} listens.
     */
    public static <P extends PluginBase> PluginHarness<P> start(Class<P> type, String configJson,
            AddressPolicy outboundPolicy) {
        return new PluginHarness<>(type, "test-community", read(configJson), outboundPolicy);
    }

    public static <P extends PluginBase> PluginHarness<P> start(Class<P> type, String community, String configJson) {
        return new PluginHarness<>(type, community, read(configJson), LOOPBACK_ALLOWED);
    }

    /** The plugin object itself, for what the other methods do not cover. */
    public P plugin() {
        return plugin;
    }

    /**
     * Runs an action as the runner would. Invalid parameters throw the {@link PluginException} the gateway turns
     * into a 400; a result that breaks the output schema fails the test, since drivers would get a 502.
     */
    public JsonNode act(String slug, String parametersJson) {
        Method method = actionMethod(slug);
        Action action = method.getAnnotation(Action.class);
        JsonNode parameters = read(parametersJson);
        JsonNode inputSchema = schema(action.inputSchema());
        if (inputSchema != null) {
            List<String> errors = JsonSchemas.validate(inputSchema, parameters);
            if (!errors.isEmpty()) {
                throw PluginException.badRequest("Invalid parameters for " + slug + ": " + errors);
            }
        }
        JsonNode result = Json.MAPPER.valueToTree(invoke(method, method.getParameterCount() == 1
                ? new Object[] {parameters} : new Object[0]));
        JsonNode outputSchema = schema(action.outputSchema());
        if (outputSchema != null) {
            List<String> errors = JsonSchemas.validate(outputSchema, result);
            if (!errors.isEmpty()) {
                throw new AssertionError("Result of " + slug + " breaks its output schema: " + errors + " in " + result);
            }
        }
        return result;
    }

    /** Hands a hook to the plugin's {@code @WebhookReceiver}; verification failures are thrown as they are. */
    public void webhook(WebhookRequest request) {
        invoke(annotated(WebhookReceiver.class), new Object[] {request});
    }

    /** A JSON hook with the given headers (name, value, name, value...). */
    public void webhook(String jsonBody, String... headers) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        map.putIfAbsent("Content-Type", List.of("application/json"));
        webhook(new WebhookRequest("POST", "/api/hooks/test", "", map, jsonBody.getBytes(StandardCharsets.UTF_8)));
    }

    /** Runs the plugin's {@code @EventProducer} once, as one polling interval would. */
    public void poll() {
        invoke(annotated(EventProducer.class), new Object[0]);
    }

    /** The instance's persistent state as the plugin left it. */
    public PluginState state() {
        return context.stateView;
    }

    /** One label per HTTP call the plugin made, as the runner counts them: ok, status_4xx, refused, timeout... */
    public synchronized List<String> httpOutcomes() {
        return List.copyOf(httpOutcomes);
    }

    /** Events the plugin has sent to the driver so far, oldest first. */
    public synchronized List<SentEvent> events() {
        return List.copyOf(events);
    }

    /** Accounts the plugin has linked so far, oldest first. */
    public synchronized List<LinkedAccount> linkedAccounts() {
        return List.copyOf(links);
    }

    private final class Context implements PluginContext {
        private final String community;
        private final JsonNode config;
        private final PluginState stateView = new PluginState() {
            @Override
            public JsonNode get(String key) {
                JsonNode value = state.get(key);
                return value == null ? null : value.deepCopy();
            }

            @Override
            public void set(String key, Object value) {
                // stored as JSON, as the runner stores it: what does not survive a round trip fails here too
                state.put(key, Json.MAPPER.valueToTree(value));
            }
        };

        Context(String community, JsonNode config) {
            this.community = community;
            this.config = config;
        }

        @Override
        public String community() {
            return community;
        }

        @Override
        public JsonNode config() {
            return config;
        }

        @Override
        public PluginState state() {
            return stateView;
        }

        @Override
        public PlatformHttp http() {
            return http;
        }

        @Override
        public void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator) {
            synchronized (PluginHarness.this) {
                events.add(new SentEvent(pluginName, eventType, data, initiator));
            }
        }

        @Override
        public Identities identity() {
            return (externalId, platformType, platformIdentifier, communityPlatformId, customData, linkType,
                    linkQuality) -> {
                synchronized (PluginHarness.this) {
                    links.add(new LinkedAccount(externalId, platformType, platformIdentifier, communityPlatformId,
                            customData, linkType, linkQuality));
                }
            };
        }
    }

    private Method actionMethod(String slug) {
        for (Method m : type.getMethods()) {
            Action action = m.getAnnotation(Action.class);
            if (action != null && action.slug().equals(slug)) {
                return m;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no action '" + slug + "'");
    }

    private Method annotated(Class<? extends java.lang.annotation.Annotation> annotation) {
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(annotation)) {
                return m;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no @" + annotation.getSimpleName() + " method");
    }

    private Object invoke(Method method, Object[] args) {
        try {
            return method.invoke(plugin, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode schema(String resource) {
        if (resource == null || resource.isEmpty()) {
            return null;
        }
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("Schema '" + resource + "' not found beside " + type.getName());
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Unreadable schema " + resource, e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return json == null || json.isBlank() ? Json.object() : Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + json, e);
        }
    }
}
