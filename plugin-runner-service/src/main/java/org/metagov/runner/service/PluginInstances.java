package org.metagov.runner.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.logging.Log;

import org.metagov.events.CommunityState;
import org.metagov.events.InstanceChoice;
import org.metagov.events.PluginInstanceState;
import org.metagov.plugin.model.PluginType;
import org.metagov.runner.repository.PluginStateRepository;
import org.metagov.runner.repository.PluginStateRepository.Claim;
import org.metagov.runner.repository.TeardownRepository;
import org.metagov.sdk.PluginBase;

/**
 * The live plugin instances of every community, kept in step with the communities topic; a community may have
 * several instances of one plugin, told apart by their {@code communityPlatformId}. Every runner replica
 * holds every instance (so any replica can serve any request); the database decides which replica runs
 * {@code initialize()}, so it runs once per instance however many replicas there are.
 */
@ApplicationScoped
public class PluginInstances {

    private final PluginRegistry registry;
    private final PluginStateRepository repository;
    private final PluginContexts contexts;
    private final TeardownRepository teardowns;
    private final Map<String, Map<String, LiveInstance>> byCommunity = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger waiting = new AtomicInteger();

    public PluginInstances(PluginRegistry registry, PluginStateRepository repository, PluginContexts contexts,
            TeardownRepository teardowns) {
        this.registry = registry;
        this.repository = repository;
        this.contexts = contexts;
        this.teardowns = teardowns;
    }

    /** The community's instances of the plugin, in the community's order (several: told apart by platform id). */
    public List<LiveInstance> instancesOf(String community, String plugin) {
        Map<String, LiveInstance> instances = byCommunity.get(community);
        return instances == null ? List.of()
                : instances.values().stream().filter(i -> i.type().name().equals(plugin)).toList();
    }

    /** The community's instance with this id, or null (disabled since, or never here). */
    public LiveInstance byId(String community, String instanceId) {
        Map<String, LiveInstance> instances = byCommunity.get(community);
        return instances == null || instanceId == null ? null : instances.get(instanceId);
    }

    /** Which instance a call means: the one with {@code platformId}, else (null) the only one. */
    public InstanceChoice<LiveInstance> choose(String community, String plugin, String platformId) {
        return InstanceChoice.of(instancesOf(community, plugin), LiveInstance::communityPlatformId, platformId);
    }

    /**
     * A new object of the instance's plugin class for one hook, bound to the instance's config and state and to the
     * hook's scope (so the live object, which actions use meanwhile, never sees the hook's event ids); destroy the
     * handle after the hook.
     */
    public Instance.Handle<? extends PluginBase> forHook(LiveInstance live, HookScope scope) {
        Instance.Handle<? extends PluginBase> handle = registry.create(live.type());
        handle.get().bind(live.context().forHook(scope));
        return handle;
    }

    /** Every live instance, for the polling tasks and platform-wide hooks. */
    public List<LiveInstance> all() {
        return byCommunity.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    public boolean knows(String community) {
        return byCommunity.containsKey(community);
    }

    /**
     * Whether the community's records may still bring an instance: the community was never seen here (and not
     * deleted), or the given version (what the gateway saw) is newer than the one applied here.
     */
    public boolean mayStillArrive(String community, Long version) {
        Long applied = versions.get(community);
        if (applied == null) {
            return !removed.contains(community);
        }
        return version != null && applied < version;
    }

    /**
     * The community's instances of the plugin, waiting up to {@code max} for the communities topic to bring one
     * (with {@code platformId} when given) while {@code keepWaiting} holds. Woken by every applied or removed
     * community, not by polling.
     */
    public List<LiveInstance> await(String community, String plugin, String platformId, Duration max,
            BooleanSupplier keepWaiting) {
        List<LiveInstance> live = instancesOf(community, plugin);
        if (arrived(live, platformId)) {
            return live; // the usual case: no lock on the hot path
        }
        waiting.incrementAndGet();
        try {
            return awaitApplied(community, plugin, platformId, max, keepWaiting);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static boolean arrived(List<LiveInstance> live, String platformId) {
        return platformId == null ? !live.isEmpty()
                : live.stream().anyMatch(i -> platformId.equals(i.communityPlatformId()));
    }

    /** Callers (hooks, process commands) in {@link #await} right now: the gauge {@code metagov.instances.awaited}. */
    public int awaiting() {
        return waiting.get();
    }

    private List<LiveInstance> awaitApplied(String community, String plugin, String platformId, Duration max,
            BooleanSupplier keepWaiting) {
        List<LiveInstance> live;
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (this) {
            while (true) {
                live = instancesOf(community, plugin);
                long left = deadline - System.nanoTime();
                if (arrived(live, platformId) || left <= 0 || !keepWaiting.getAsBoolean()) {
                    return live;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return instancesOf(community, plugin);
                }
            }
        }
    }

    /**
     * Brings the community's instances to the given state: creates new ones, re-configures changed ones in place
     * (same id, same state) and disables those left out (their teardown runs in {@link InstanceTeardown}).
     */
    public synchronized void apply(CommunityState state) {
        Long applied = versions.get(state.slug());
        if (applied != null && state.version() < applied) {
            return; // an older record re-delivered
        }
        // keyed by instance id: a community may have several instances of one plugin
        Map<String, LiveInstance> current = byCommunity.getOrDefault(state.slug(), Map.of());
        Map<String, LiveInstance> next = new LinkedHashMap<>();
        Set<String> keptIds = new HashSet<>();
        for (PluginInstanceState wanted : state.plugins()) {
            keptIds.add(wanted.id());
            LiveInstance existing = current.get(wanted.id());
            if (existing != null && existing.type().name().equals(wanted.name())) {
                existing = existing.with(wanted.communityPlatformId() != null ? wanted.communityPlatformId()
                        : existing.communityPlatformId(), wanted.webhookSlug());
                next.put(wanted.id(), existing);
                if (!existing.context().config().equals(wanted.config())) {
                    existing.context().reconfigure(wanted.config());
                    configChanged(existing, wanted.config(), state.version());
                }
                continue;
            }
            LiveInstance created = create(state.slug(), wanted, state.version(), enabledAt(state));
            if (created != null) {
                next.put(wanted.id(), created);
            }
        }
        for (LiveInstance old : current.values()) {
            if (!keptIds.contains(old.id())) {
                drop(old);
            }
        }
        // also those left out while this runner was down: the database knows them, the memory does not
        teardowns.disableMissing(state.slug(), keptIds, enabledAt(state), "disabled for the community");
        byCommunity.put(state.slug(), next);
        versions.put(state.slug(), state.version());
        removed.remove(state.slug());
        notifyAll();
    }

    /** The community was deleted: its instances are disabled (torn down by {@link InstanceTeardown}). */
    public synchronized void remove(String slug) {
        Map<String, LiveInstance> current = byCommunity.remove(slug);
        versions.remove(slug);
        removed.add(slug);
        if (current != null) {
            current.values().forEach(this::drop);
        }
        teardowns.disableMissing(slug, Set.of(), Instant.now(), "community deleted");
        notifyAll();
    }

    private static Instant enabledAt(CommunityState state) {
        return state.updatedAt() != null ? state.updatedAt() : Instant.now();
    }

    private LiveInstance create(String community, PluginInstanceState wanted, long version, Instant enabledAt) {
        PluginType type = registry.find(wanted.name()).orElse(null);
        if (type == null) {
            Log.warnf("Community %s enables plugin %s, which this runner does not host", community, wanted.name());
            return null;
        }
        Claim claim = repository.claim(wanted.id(), community, wanted.name(), wanted.config(), version, enabledAt);
        if (claim.disabled()) {
            return null; // an old record re-read at start: the instance was disabled since
        }
        // a record older than the config stored (re-read at start) must not bring back an earlier config
        JsonNode config = claim.appliedVersion() > version && claim.storedConfig().isObject() ? claim.storedConfig()
                : wanted.config();
        var handle = registry.create(type);
        PluginBase plugin = handle.get();
        RunnerPluginContext context = contexts.of(wanted.id(), community, wanted.name(), config);
        plugin.bind(context);
        // community-service's value, else the config's (platformIdKey), else what initialize() reports (below)
        String platformId = wanted.communityPlatformId() != null ? wanted.communityPlatformId()
                : type.descriptor().platformIdOf(config);
        context.platformId(platformId);
        LiveInstance live = new LiveInstance(wanted.id(), community, type, handle, context, platformId,
                wanted.webhookSlug());
        if (claim.created()) {
            try {
                plugin.initialize();
                Log.infof("Initialized plugin %s for community %s (instance %s)", wanted.name(), community, wanted.id());
            } catch (RuntimeException e) {
                Log.errorf(e, "initialize() of plugin %s for community %s failed", wanted.name(), community);
            }
            if (platformId == null && context.reportedPlatformId() != null) {
                live = live.with(context.reportedPlatformId(), wanted.webhookSlug());
            }
        } else if (config == wanted.config()) {
            configChanged(live, config, version); // changed while this runner was down: told now, if not yet told
        }
        return live;
    }

    /**
     * Records the instance's new config; the replica whose write made the change tells the plugin (once): its
     * state is reset and {@code initialize()} run again when a {@code resetStateOn} property changed, else
     * {@code onConfigChange(old, new)}.
     */
    private void configChanged(LiveInstance live, JsonNode config, long version) {
        JsonNode old = repository.recordConfig(live.id(), config, version).orElse(null);
        if (old == null || !old.isObject() || old.equals(config)) {
            return; // not this replica's change, a re-read record, or a row from before configs were kept
        }
        try {
            if (live.type().resetsState(old, config)) {
                repository.dropState(live.id());
                live.plugin().initialize();
                Log.infof("Config of plugin %s for community %s changed a resetStateOn property: state reset "
                        + "(instance %s)", live.type().name(), live.community(), live.id());
            } else {
                live.plugin().onConfigChange(old, config);
                Log.infof("Config of plugin %s for community %s changed (instance %s)", live.type().name(),
                        live.community(), live.id());
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "The config change hook of plugin %s for community %s failed", live.type().name(),
                    live.community());
        }
    }

    /** Out of memory only: the database row stays until its teardown has run. */
    private void drop(LiveInstance instance) {
        instance.handle().destroy();
        Log.infof("Disabled plugin %s of community %s (instance %s); teardown follows", instance.type().name(),
                instance.community(), instance.id());
    }
}
