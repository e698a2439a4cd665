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
import org.metagov.sdk.WebhookResponse;
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

    static final AddressPolicy LOOPBACK_ALLOWED = AddressPolicy.of(true, false, List.of());

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
    private final HarnessContext context;
    /** What an answering receiver sees for a hook no instance matched: no community, config or state. */
    private final HarnessContext noInstance;

    private final List<String> httpOutcomes = new ArrayList<>();
    private final PlatformHttp http;
    private final Map<String, String> settings;

    private PluginHarness(Class<P> type, String community, JsonNode config, AddressPolicy outboundPolicy) {
        this(type, community, config, outboundPolicy, Map.of(), null, Mode.INSTANCE);
    }

    /** An enabled instance; a plugin before any install (answering receivers only); a config being checked. */
    enum Mode { INSTANCE, NO_INSTANCE, CANDIDATE }

    PluginHarness(Class<P> type, String community, JsonNode config, AddressPolicy outboundPolicy,
            Map<String, String> settings, Duration outboundTimeout, Mode mode) {
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
        this.noInstance = new HarnessContext(this, null, Json.object(), HarnessContext.NO_INSTANCE);
        this.plugin = type.cast(construct(type));
        if (mode == Mode.NO_INSTANCE) {
            this.context = noInstance;
            plugin.bind(noInstance);
        } else if (mode == Mode.CANDIDATE) {
            JsonNode validated = validated(config);
            this.context = new HarnessContext(this, community, validated, HarnessContext.CANDIDATE);
            plugin.bind(context);
            plugin.validateConfig(validated); // as the runner checks a config before the enable commits
        } else {
            this.context = new HarnessContext(this, community, validated(config), null);
            plugin.bind(context);
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
    public static <P extends PluginBase> HarnessBuilder<P> of(Class<P> type) {
        return new HarnessBuilder<>(type);
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
        requireInstance();
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
        requireInstance();
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
        webhook(request("application/json", jsonBody, headers));
    }

    /**
     * A hook posted platform-wide ({@code /api/hooks/<plugin>}) to an answering receiver
     * ({@code @WebhookReceiver(answers = true)}), handled as the runner handles it: routed by {@code platformIdOf}
     * (else {@code acceptsPlatformWebhook}) to this instance, or to none; the receiver runs on a new object bound to
     * the instance, or without one ({@code hasInstance()} false) when the hook is for no instance. Then each pending
     * process of the instance that receives hooks gets it through {@code answerWebhook}. The answer is the
     * receiver's, else that of the first process (oldest first) that gives one, else {@code 200} with no body. A
     * {@link org.metagov.sdk.WebhookVerificationException} (the platform's 401) reaches the test; nothing else ran.
     */
    public WebhookResponse answer(WebhookRequest request) {
        Method receiver = type.listeners().webhookReceiver();
        if (receiver == null || !type.listeners().answers()) {
            throw new IllegalArgumentException(type.type().getSimpleName()
                    + " has no @WebhookReceiver(answers = true) method; webhook(...) hands other hooks");
        }
        boolean routed = context.unavailable == null && routedHere(request);
        PluginBase forHook = construct(type.type());
        forHook.bind(routed ? context : noInstance);
        WebhookResponse answer = (WebhookResponse) invoke(forHook, receiver, new Object[] {request});
        if (routed) {
            for (TestProcess<?> process : List.copyOf(processes.values())) {
                WebhookResponse fromProcess = process.answer(request);
                answer = answer == null ? fromProcess : answer;
            }
        }
        return answer == null ? WebhookResponse.empty(200) : answer;
    }

    /** {@link #answer(WebhookRequest)} of a body with its content type and headers (name, value, name, value...). */
    public WebhookResponse answer(String contentType, String body, String... headers) {
        return answer(request(contentType, body, headers));
    }

    private void requireInstance() {
        if (context.unavailable != null) {
            throw new IllegalStateException("Started without an instance: only answer(...) runs (no actions, "
                    + "hooks for an instance, polling or processes)");
        }
    }

    /** As the runner routes a platform-wide hook: by the platform id the plugin reads, else by asking. */
    private boolean routedHere(WebhookRequest request) {
        String platformId = plugin.platformIdOf(request);
        if (platformId == null) {
            return plugin.acceptsPlatformWebhook(request);
        }
        String key = type.descriptor().platformIdKey();
        String ours = reportedPlatformId != null ? reportedPlatformId
                : key == null || !context.config.hasNonNull(key) ? null : context.config.get(key).asText();
        return platformId.equals(ours);
    }

    private static WebhookRequest request(String contentType, String body, String... headers) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        if (contentType != null) {
            map.putIfAbsent("Content-Type", List.of(contentType));
        }
        return new WebhookRequest("POST", "/api/hooks/test", "", map, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the plugin's {@code @EventProducer} once, as one polling interval would. */
    public void poll() {
        requireInstance();
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
        requireInstance();
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

    // what HarnessContext records, under this harness's lock
    Map<String, JsonNode> stateMap() {
        return state;
    }

    PlatformHttp http() {
        return http;
    }

    java.util.Optional<String> settingValue(String name) {
        return java.util.Optional.ofNullable(settings.get(name));
    }

    synchronized void recordEvent(SentEvent event) {
        events.add(event);
    }

    synchronized void recordLink(LinkedAccount link) {
        links.add(link);
    }

    void reportPlatformId(String id) {
        reportedPlatformId = id;
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
