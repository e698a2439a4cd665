package org.metagov.sdk.testkit;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import org.metagov.outbound.AddressPolicy;
import org.metagov.outbound.OutboundClient;
import org.metagov.plugin.model.PluginSet;
import org.metagov.plugin.model.PluginType;
import org.metagov.plugin.model.ProcessType;
import org.metagov.sdk.Identities;
import org.metagov.sdk.Initiator;
import org.metagov.sdk.Json;
import org.metagov.sdk.PluginBase;
import org.metagov.sdk.PluginContext;
import org.metagov.sdk.PluginException;
import org.metagov.sdk.PluginState;
import org.metagov.sdk.WebhookRequest;
import org.metagov.sdk.http.OutboundPlatformHttp;
import org.metagov.sdk.http.PlatformHttp;
import org.metagov.sdk.process.ProcessAccess;
import org.metagov.sdk.process.ProcessBase;
import org.metagov.sdk.schema.JsonSchemas;

/**
 * One plugin instance in a unit test, treated as the runner treats it: the class read and checked by the runner's
 * own model ({@link PluginType}: one receiver, action parameter types, unique slugs...), so a plugin that starts
 * here loads in the runner; made with constructor injection (a {@link ProcessAccess} over this harness's
 * processes); the config checked against the plugin's schema with defaults filled, {@code initialize()} once,
 * parameters and results checked against the action's schemas, state kept between calls, each hook handled by a
 * new object of the class bound to the same instance, events to the driver recorded. Its governance processes run
 * through {@link #startProcess}.
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
    private final PluginType type;
    private final Map<Class<?>, Object> beans;
    private final Map<String, TestProcess<?>> processes = new LinkedHashMap<>();
    private final Map<String, JsonNode> state = new ConcurrentHashMap<>();
    private final List<SentEvent> events = new ArrayList<>();
    private final List<LinkedAccount> links = new ArrayList<>();
    private volatile String reportedPlatformId;
    private final Context context;

    private final List<String> httpOutcomes = new ArrayList<>();
    private final PlatformHttp http;
    private final Map<String, String> settings;

    private PluginHarness(Class<P> type, String community, JsonNode config, AddressPolicy outboundPolicy) {
        this(type, community, config, outboundPolicy, Map.of(), null, false);
    }

    private PluginHarness(Class<P> type, String community, JsonNode config, AddressPolicy outboundPolicy,
            Map<String, String> settings, Duration outboundTimeout, boolean checkOnly) {
        this.type = PluginType.of(type); // what the runner's registry calls for each plugin class at start
        this.beans = Map.of(ProcessAccess.class, new HarnessProcessAccess());
        this.settings = Map.copyOf(settings);
        OutboundClient.Settings defaults = OutboundClient.Settings.defaults("metagov-plugin-testkit");
        if (outboundTimeout != null) {
            defaults = new OutboundClient.Settings(defaults.connectTimeout(), outboundTimeout,
                    defaults.maxResponseBytes(), defaults.maxAttempts(), defaults.backoff(), defaults.userAgent());
        }
        this.http = new OutboundPlatformHttp(new OutboundClient(outboundPolicy, defaults), outcome -> {
                    synchronized (this) {
                        httpOutcomes.add(outcome);
                    }
                });
        JsonNode validated = validated(config);
        this.plugin = type.cast(construct(type));
        this.context = new Context(community, validated, checkOnly);
        plugin.bind(context);
        if (checkOnly) {
            plugin.validateConfig(validated); // as the runner checks a config before the enable commits
        } else {
            plugin.initialize();
        }
    }

    private JsonNode validated(JsonNode config) {
        JsonNode validated = config.deepCopy();
        JsonNode configSchema = type.descriptor().configSchema();
        if (configSchema != null) {
            List<String> errors = JsonSchemas.validate(configSchema, validated);
            if (!errors.isEmpty()) {
                throw PluginException.badRequest("Invalid config for " + type.name() + ": " + errors);
            }
        }
        return validated;
    }

    /**
     * A config change, as the runner makes it: the instance and its state stay and {@code onConfigChange(old, new)}
     * runs; a change of a {@code resetStateOn} property drops the state and runs {@code initialize()} instead.
     */
    public void reconfigure(String configJson) {
        JsonNode next = validated(read(configJson));
        JsonNode old = context.config;
        if (old.equals(next)) {
            return;
        }
        context.config = next;
        if (type.resetsState(old, next)) {
            state.clear();
            plugin.initialize();
        } else {
            plugin.onConfigChange(old, next);
        }
    }

    /**
     * The teardown, as the runner runs it when the instance is disabled: {@code onDisable()} (its exception reaches
     * the test, as a failed try the runner would retry), then the state is dropped.
     */
    public void disable() {
        plugin.onDisable();
        state.clear();
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

    /**
     * A harness with more than a config: deployment-wide settings ({@code setting("LOOMIO_API_BASE_URL", fake.url())}),
     * a shorter budget for each HTTP call (to see a platform's timeout quickly), another community or address policy.
     */
    public static <P extends PluginBase> Builder<P> of(Class<P> type) {
        return new Builder<>(type);
    }

    /** Builds a {@link PluginHarness}; {@link #start()} enables the instance and runs {@code initialize()}. */
    public static final class Builder<P extends PluginBase> {
        private final Class<P> type;
        private String community = "test-community";
        private String config = "{}";
        private AddressPolicy policy = LOOPBACK_ALLOWED;
        private final Map<String, String> settings = new HashMap<>();
        private Duration outboundTimeout;

        private Builder(Class<P> type) {
            this.type = type;
        }

        public Builder<P> community(String slug) {
            this.community = slug;
            return this;
        }

        public Builder<P> config(String json) {
            this.config = json;
            return this;
        }

        /** A deployment-wide setting the plugin reads with {@code setting(name)}, as the runner's config gives it. */
        public Builder<P> setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        public Builder<P> outboundPolicy(AddressPolicy outboundPolicy) {
            this.policy = outboundPolicy;
            return this;
        }

        /** The budget of each HTTP call, 429 waits included (the runner's {@code metagov.outbound.timeout}, 10 s). */
        public Builder<P> outboundTimeout(Duration timeout) {
            this.outboundTimeout = timeout;
            return this;
        }

        public PluginHarness<P> start() {
            return new PluginHarness<>(type, community, read(config), policy, settings, outboundTimeout, false);
        }

        /**
         * The plugin's {@code validateConfig} on this config, as the runner runs it before an enable: no instance
         * (state, events and identity throw); a refusal is the plugin's {@code PluginException}, thrown here.
         */
        public void validateConfig() {
            new PluginHarness<>(type, community, read(config), policy, settings, outboundTimeout, true);
        }
    }

    /** The plugin object itself, for what the other methods do not cover. */
    public P plugin() {
        return plugin;
    }

    /** The community the instance is enabled for. */
    public String community() {
        return context.community;
    }

    /**
     * Runs an action as the runner would. Invalid parameters throw the {@link PluginException} the gateway turns
     * into a 400; a result that breaks the output schema fails the test, since drivers would get a 502.
     */
    public JsonNode act(String slug, String parametersJson) {
        Method method = type.actions().get(slug);
        if (method == null) {
            throw new IllegalArgumentException(type.type().getSimpleName() + " has no action '" + slug + "'");
        }
        JsonNode parameters = read(parametersJson);
        JsonNode inputSchema = type.descriptor().action(slug).inputSchema();
        if (inputSchema != null) {
            List<String> errors = JsonSchemas.validate(inputSchema, parameters);
            if (!errors.isEmpty()) {
                throw PluginException.badRequest("Invalid parameters for " + slug + ": " + errors);
            }
        }
        JsonNode result = Json.MAPPER.valueToTree(invoke(plugin, method, method.getParameterCount() == 1
                ? new Object[] {parameters} : new Object[0]));
        JsonNode outputSchema = type.descriptor().action(slug).outputSchema();
        if (outputSchema != null) {
            List<String> errors = JsonSchemas.validate(outputSchema, result);
            if (!errors.isEmpty()) {
                throw new AssertionError("Result of " + slug + " breaks its output schema: " + errors + " in " + result);
            }
        }
        return result;
    }

    /**
     * Hands a hook to the plugin's {@code @WebhookReceiver}, on a new object of the plugin bound to this instance
     * (as the runner does), then to each pending process of the plugin that receives hooks. Verification failures
     * are thrown as they are.
     */
    public void webhook(WebhookRequest request) {
        Method receiver = type.listeners().webhookReceiver();
        boolean processesReceive = processes.values().stream().anyMatch(p -> p.type().descriptor().receivesWebhooks());
        if (receiver == null && !processesReceive) {
            throw new IllegalArgumentException(type.type().getSimpleName() + " has no @WebhookReceiver method");
        }
        if (receiver != null) {
            PluginBase forHook = construct(type.type());
            forHook.bind(context);
            invoke(forHook, receiver, new Object[] {request});
        }
        for (TestProcess<?> process : List.copyOf(processes.values())) {
            process.webhook(request);
        }
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
        Method producer = type.listeners().eventProducer();
        if (producer == null) {
            throw new IllegalArgumentException(type.type().getSimpleName() + " has no @EventProducer method");
        }
        invoke(plugin, producer, new Object[0]);
    }

    /**
     * Starts a governance process of this plugin as a driver's POST would: the class read and checked by the
     * runner's model (its plugin is the type argument of {@code ProcessBase<P>}, which must be this plugin), the
     * parameters checked against its input schema (a {@link PluginException} for the 400 the driver would get).
     */
    public <Q extends ProcessBase<P>> TestProcess<Q> startProcess(Class<Q> processType, String parametersJson) {
        ProcessType process = ProcessType.of(processType);
        List<ProcessType> all = new ArrayList<>(processes.values().stream().map(TestProcess::type).distinct()
                .filter(t -> t.type() != processType).toList());
        all.add(process);
        PluginSet.check(List.of(type), all);
        JsonNode parameters = read(parametersJson);
        JsonNode inputSchema = process.descriptor().inputSchema();
        if (inputSchema != null) {
            List<String> errors = JsonSchemas.validate(inputSchema, parameters);
            if (!errors.isEmpty()) {
                throw PluginException.badRequest("Invalid parameters for " + process.qualifiedName() + ": " + errors);
            }
        }
        TestProcess<Q> started = new TestProcess<>(this, process, UUID.randomUUID().toString());
        started.start(parameters);
        processes.put(started.id(), started);
        return started;
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

    /** The community platform id the plugin reported from {@code initialize()} (as Loomio does), or null. */
    public String communityPlatformId() {
        return reportedPlatformId;
    }

    /** Accounts the plugin has linked so far, oldest first. */
    public synchronized List<LinkedAccount> linkedAccounts() {
        return List.copyOf(links);
    }

    private final class Context implements PluginContext {
        private final String community;
        private volatile JsonNode config;
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

        /** A config being checked ({@code validateConfig}): no instance yet, as in the runner. */
        private final boolean candidate;

        Context(String community, JsonNode config, boolean candidate) {
            this.community = community;
            this.config = config;
            this.candidate = candidate;
        }

        private void requireInstance(String what) {
            if (candidate) {
                throw new IllegalStateException(what + " is not available in validateConfig: the config is not "
                        + "enabled yet");
            }
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
            requireInstance("state()");
            return stateView;
        }

        @Override
        public PlatformHttp http() {
            return http;
        }

        @Override
        public void sendEventToDriver(String pluginName, String eventType, JsonNode data, Initiator initiator) {
            requireInstance("sendEventToDriver");
            synchronized (PluginHarness.this) {
                events.add(new SentEvent(pluginName, eventType, data, initiator));
            }
        }

        @Override
        public java.util.Optional<String> setting(String name) {
            return java.util.Optional.ofNullable(settings.get(name));
        }

        @Override
        public void communityPlatformId(String id) {
            requireInstance("setCommunityPlatformId");
            reportedPlatformId = id;
        }

        @Override
        public Identities identity() {
            requireInstance("identity()");
            return (externalId, platformType, platformIdentifier, communityPlatformId, customData, linkType,
                    linkQuality) -> {
                synchronized (PluginHarness.this) {
                    links.add(new LinkedAccount(externalId, platformType, platformIdentifier, communityPlatformId,
                            customData, linkType, linkQuality));
                }
            };
        }
    }

    /** {@link ProcessAccess} over this harness's processes, with the runner's answer for an unknown one. */
    private final class HarnessProcessAccess implements ProcessAccess {
        @Override
        public <T extends ProcessBase<?>, R> R change(String community, String processId, Class<T> processType,
                Function<T, R> change) {
            ProcessType wanted = ProcessType.of(processType);
            TestProcess<?> process = processId == null ? null : processes.get(processId);
            if (process == null || !community().equals(community) || process.type().type() != processType) {
                throw PluginException.badRequest("There is no " + wanted.qualifiedName() + " process '" + processId
                        + "' in this community");
            }
            @SuppressWarnings("unchecked")
            TestProcess<T> typed = (TestProcess<T>) process;
            return typed.run(change);
        }
    }

    /** A new object of a plugin or process class, as CDI makes it in the runner. */
    <T> T construct(Class<T> cls) {
        return Construction.create(cls, beans);
    }

    private static Object invoke(Object target, Method method, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return json == null || json.isBlank() ? Json.object() : Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not JSON: " + json, e);
        }
    }
}
