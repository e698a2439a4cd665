package org.metagov.community.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import org.metagov.community.messaging.CommunityOutbox;
import org.metagov.community.messaging.PluginCatalog;
import org.metagov.community.repository.CommunityEntity;
import org.metagov.community.repository.OutboxEntry;
import org.metagov.community.repository.PluginInstanceEntity;
import org.metagov.community.service.WantedPlugins.WantedPlugin;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.RecordLimits;
import org.metagov.events.Topics;
import org.metagov.web.ApiException;

/**
 * Creates, replaces and deletes communities and their plugin instances. Every change is written with its
 * {@link CommunityState} record in the outbox, in one transaction.
 */
@ApplicationScoped
public class CommunityService {

    /** {@code created}: a new community (PUT, POST) or a new plugin instance (per-plugin POST). */
    public record Saved(boolean created, ObjectNode body) {
    }

    /** What {@link #save} did: the community as now stored, and the plugins given a new instance. */
    private record Written(CommunityEntity community, Set<String> added) {
    }

    private final PluginCatalog catalog;
    private final CommunityOutbox relay;
    private final EnableChecks enableChecks;
    private final RecordLimits limits;

    public CommunityService(PluginCatalog catalog, CommunityOutbox relay, RecordLimits limits,
            EnableChecks enableChecks) {
        this.enableChecks = enableChecks;
        this.catalog = catalog;
        this.relay = relay;
        this.limits = limits;
    }

    /**
     * PUT semantics: creates the community if it is new; the plugin list replaces the one stored (a plugin left
     * out, or all when {@code plugins} is missing, is disabled); {@code readable_name} changes only when sent.
     */
    public Uni<Saved> put(String slug, ObjectNode body) {
        CommunityRequest request = CommunityRequest.parse(body);
        if (request.slug() != null && !request.slug().equals(slug)) {
            throw ApiException.badRequest("The body's slug '" + request.slug() + "' differs from the path's '" + slug
                    + "'; a community cannot be renamed", List.of("slug"));
        }
        return Panache.withTransaction(() -> findWithPlugins(slug).flatMap(stored -> {
            Map<String, WantedPlugin> wanted = WantedPlugins.of(request.plugins(), stored, catalog);
            String readableName = request.readableName() != null ? request.readableName()
                    : stored != null ? stored.readableName : "";
            return enableChecks.check(slug, wanted, stored).flatMap(checked -> save(slug, stored, readableName, wanted))
                    .map(w -> new Saved(stored == null, CommunityView.render(w.community(), catalog, secrets(wanted))));
        })).invoke(relay::kick);
    }

    /** POST semantics: a new community, with the body's slug or a generated one (a UUID, as upstream). */
    public Uni<Saved> create(ObjectNode body) {
        CommunityRequest request = CommunityRequest.parse(body);
        String slug = request.slug() != null ? request.slug() : UUID.randomUUID().toString();
        return Panache.withTransaction(() -> findWithPlugins(slug).flatMap(stored -> {
            if (stored != null) {
                throw ApiException.conflict("Community '" + slug + "' already exists");
            }
            Map<String, WantedPlugin> wanted = WantedPlugins.of(request.plugins(), null, catalog);
            String readableName = request.readableName() != null ? request.readableName() : "";
            return enableChecks.check(slug, wanted, null).flatMap(checked -> save(slug, null, readableName, wanted))
                    .map(w -> new Saved(true, CommunityView.render(w.community(), catalog, secrets(wanted))));
        })).invoke(relay::kick);
    }

    @WithSession
    public Uni<ObjectNode> get(String slug) {
        return load(slug).map(c -> CommunityView.render(c, catalog));
    }

    @WithSession
    public Uni<List<String>> hooks(String slug) {
        return load(slug).map(c -> c.plugins.stream().map(p -> {
            JsonNode webhookSlug = EventJson.read(p.config, JsonNode.class).path("webhook_slug");
            String base = "/api/hooks/" + c.slug + "/" + p.pluginName;
            return webhookSlug.isTextual() && !webhookSlug.asText().isEmpty() ? base + "/" + webhookSlug.asText() : base;
        }).toList());
    }

    public Uni<Void> delete(String slug) {
        return Panache.withTransaction(() -> load(slug)
                .flatMap(c -> c.delete())
                .flatMap(x -> OutboxEntry.of(Topics.COMMUNITIES, slug, null).persist()))
                .invoke(relay::kick)
                .replaceWithVoid();
    }

    /**
     * Upstream's per-plugin POST: enables or re-configures one plugin and leaves the others as they are.
     * {@code created} (201) when a new instance was made; a re-configured one keeps its ids (200), unlike upstream,
     * which re-creates it and loses its state.
     */
    public Uni<Saved> enablePlugin(String slug, String pluginName, ObjectNode body, String platformIdQuery) {
        PluginDescriptor descriptor = WantedPlugins.descriptor(catalog, pluginName);
        CommunityRequest.PluginRequest request = CommunityRequest.parsePlugin(pluginName, body,
                descriptor.configSchema(), platformIdQuery);
        return Panache.withTransaction(() -> load(slug).flatMap(c -> {
            List<String> errors = new ArrayList<>();
            WantedPlugin plugin = WantedPlugins.wanted(descriptor, request, WantedPlugins.instance(c, pluginName),
                    errors);
            if (plugin == null) {
                throw ApiException.badRequest("Invalid plugin configuration", errors);
            }
            Map<String, WantedPlugin> wanted = WantedPlugins.stored(c, catalog);
            wanted.put(pluginName, plugin);
            return enableChecks.check(slug, Map.of(pluginName, plugin), c)
                    .flatMap(checked -> claimedElsewhere(descriptor, plugin.platformId(), slug))
                    .flatMap(taken -> {
                        if (taken) {
                            // an OAuth app's installation belongs to one community: a second would get its events
                            throw new ApiException(409, "platform_id_taken", "The " + pluginName + " installation '"
                                    + plugin.platformId() + "' belongs to another community");
                        }
                        return save(slug, c, c.readableName, wanted);
                    }).map(w -> new Saved(w.added().contains(pluginName),
                    CommunityView.plugin(w.community(), WantedPlugins.instance(w.community(), pluginName), catalog,
                            plugin.sentSecrets())));
        })).invoke(relay::kick);
    }

    /** Whether another community has an instance of this OAuth app with this platform id. */
    private static Uni<Boolean> claimedElsewhere(PluginDescriptor descriptor, String platformId, String slug) {
        if (platformId == null || !"oauth".equals(descriptor.authTypeOrNone())) {
            return Uni.createFrom().item(false);
        }
        return PluginInstanceEntity.count("pluginName = ?1 and communityPlatformId = ?2 and community.slug <> ?3",
                descriptor.name(), platformId, slug).map(n -> n > 0);
    }

    /**
     * Upstream's per-plugin DELETE, by the instance's integer id (our earlier UUID ids are still found). The
     * instance must be of that plugin, and of that community when the header names one.
     */
    public Uni<Void> disablePlugin(String community, String pluginName, String instanceId) {
        String notFound = "Plugin '" + pluginName + "' has no instance '" + instanceId + "'";
        boolean number = instanceId.matches("[0-9]{1,16}");
        if (!number && !instanceId.matches("[0-9a-f-]{36}")) {
            throw ApiException.notFound(notFound);
        }
        return Panache.withTransaction(() -> (number
                ? PluginInstanceEntity.<PluginInstanceEntity>find("publicId", Long.parseLong(instanceId)).firstResult()
                : PluginInstanceEntity.<PluginInstanceEntity>findById(instanceId)).flatMap(instance -> {
            if (instance == null || !instance.pluginName.equals(pluginName)
                    || (community != null && !community.equals(instance.community.slug))) {
                throw ApiException.notFound(notFound);
            }
            String slug = instance.community.slug;
            return load(slug).flatMap(c -> {
                Map<String, WantedPlugin> wanted = WantedPlugins.stored(c, catalog);
                wanted.remove(pluginName);
                return save(slug, c, c.readableName, wanted);
            });
        })).invoke(relay::kick).replaceWithVoid();
    }

    /** How a plugin's report of its community platform id went. */
    public enum PlatformIdReport { RECORDED, UNCHANGED, INSTANCE_GONE, CONTRADICTS_CONFIG, TAKEN }

    /**
     * Records the community platform id a plugin learnt in {@code initialize()} (Loomio's group), and publishes the
     * community so every service routes by it. Idempotent: the same id again changes nothing. Refused (and said so
     * by the result, which the caller logs and counts) when the config's {@code platformIdKey} gives another value or
     * another instance of the plugin in the community has the id; an instance disabled meanwhile is ignored.
     */
    public Uni<PlatformIdReport> recordPlatformId(String slug, String instanceId, String platformId) {
        return Panache.withTransaction(() -> findWithPlugins(slug).flatMap(c -> {
            PluginInstanceEntity instance = c == null ? null
                    : c.plugins.stream().filter(p -> p.id.equals(instanceId)).findFirst().orElse(null);
            if (instance == null) {
                return Uni.createFrom().item(PlatformIdReport.INSTANCE_GONE);
            }
            String current = WantedPlugins.platformId(instance, catalog);
            if (platformId.equals(current)) {
                return Uni.createFrom().item(PlatformIdReport.UNCHANGED);
            }
            String fromConfig = catalog.find(instance.pluginName)
                    .map(d -> d.platformIdOf(EventJson.read(instance.config, JsonNode.class))).orElse(null);
            if (fromConfig != null) {
                return Uni.createFrom().item(PlatformIdReport.CONTRADICTS_CONFIG);
            }
            boolean taken = c.plugins.stream().anyMatch(p -> p != instance && p.pluginName.equals(instance.pluginName)
                    && platformId.equals(WantedPlugins.platformId(p, catalog)));
            if (taken) {
                return Uni.createFrom().item(PlatformIdReport.TAKEN);
            }
            instance.communityPlatformId = platformId;
            c.updatedAt = Instant.now(); // a new version of the community: the runner and gateway take the newer
            return c.persist().flatMap(x -> Panache.getSession().flatMap(s -> s.flush()))
                    .flatMap(x -> OutboxEntry.of(Topics.COMMUNITIES, slug, fitting(state(c))).persist())
                    .replaceWith(PlatformIdReport.RECORDED);
        })).invoke(result -> {
            if (result == PlatformIdReport.RECORDED) {
                relay.kick();
            }
        });
    }

    private static Map<String, ObjectNode> secrets(Map<String, WantedPlugin> wanted) {
        Map<String, ObjectNode> secrets = new java.util.HashMap<>();
        wanted.forEach((name, plugin) -> secrets.put(name, plugin.sentSecrets()));
        return secrets;
    }

    private Uni<CommunityEntity> load(String slug) {
        return findWithPlugins(slug).onItem().ifNull()
                .failWith(() -> ApiException.notFound("Community '" + slug + "' does not exist"));
    }

    private static Uni<CommunityEntity> findWithPlugins(String slug) {
        return CommunityEntity.<CommunityEntity>find("from CommunityEntity c left join fetch c.plugins where c.slug = ?1",
                slug).firstResult();
    }

    /**
     * Runs inside the caller's transaction; {@code existing} is the community as loaded in it (null when new). An
     * instance whose config changes keeps its ids (the runner keeps its state and tells the plugin); one whose
     * platform id changes is re-created (a new id: the old one is torn down, the new one initialised). The
     * {@code @Version} column turns a concurrent change into 409.
     */
    private Uni<Written> save(String slug, CommunityEntity existing, String readableName,
            Map<String, WantedPlugin> wanted) {
        boolean created = existing == null;
        CommunityEntity community = created ? newCommunity(slug) : existing;
        Instant now = Instant.now();
        boolean changed = created || !community.readableName.equals(readableName);
        community.readableName = readableName;

        Map<String, PluginInstanceEntity> current = community.plugins.stream()
                .collect(Collectors.toMap(p -> p.pluginName, Function.identity()));
        List<PluginInstanceEntity> removed = new ArrayList<>();
        boolean reconfigured = false;
        for (PluginInstanceEntity p : current.values()) {
            WantedPlugin w = wanted.get(p.pluginName);
            if (w == null || !Objects.equals(w.platformId(), WantedPlugins.platformId(p, catalog))) {
                removed.add(p); // another platform id is another community on the platform: a new instance
            } else if (!w.config().equals(EventJson.read(p.config, JsonNode.class))) {
                p.config = EventJson.write(w.config()); // same instance: its ids and (runner-side) state stay
                reconfigured = true;
            }
        }
        community.plugins.removeAll(removed);
        List<PluginInstanceEntity> added = new ArrayList<>();
        wanted.forEach((name, w) -> {
            PluginInstanceEntity kept = current.get(name);
            if (kept == null || removed.contains(kept)) {
                PluginInstanceEntity p = new PluginInstanceEntity();
                p.id = UUID.randomUUID().toString();
                p.publicId = RandomIds.next();
                p.community = community;
                p.pluginName = name;
                p.config = EventJson.write(w.config());
                p.communityPlatformId = w.platformId();
                p.createdAt = now;
                added.add(p);
            }
        });
        Set<String> addedNames = added.stream().map(p -> p.pluginName).collect(Collectors.toSet());
        changed |= reconfigured || !removed.isEmpty() || !added.isEmpty();
        if (!changed) {
            return Uni.createFrom().item(new Written(community, addedNames));
        }
        community.updatedAt = now;
        // deletes are flushed before inserts so a re-configured plugin does not collide with its old row
        return community.persist()
                .flatMap(x -> Panache.getSession().flatMap(s -> s.flush()))
                .invoke(() -> {
                    community.plugins.addAll(added);
                    community.plugins.sort(java.util.Comparator.comparing(p -> p.pluginName));
                })
                .flatMap(x -> Panache.getSession().flatMap(s -> s.flush()))
                // the flush above has incremented the version the record carries
                .flatMap(x -> OutboxEntry.of(Topics.COMMUNITIES, slug, fitting(state(community))).persist())
                .map(x -> new Written(community, addedNames));
    }

    /**
     * The record as it will go to Kafka, checked inside the write transaction against the record limit: a community
     * the relay could never send is refused (413, naming the largest plugin config) and nothing is stored.
     */
    private String fitting(CommunityState state) {
        String json = EventJson.write(state);
        int bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes <= limits.maxValueBytes()) {
            return json;
        }
        List<String> parts = state.plugins().stream()
                .sorted(java.util.Comparator.comparingInt((PluginInstanceState p) -> -EventJson.write(p.config())
                        .length()))
                .map(p -> "plugins." + p.name() + ".config: " + EventJson.write(p.config())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes")
                .toList();
        throw new ApiException(413, "payload_too_large", "The community with its plugin configs would be " + bytes
                + " bytes, over the limit of " + limits.maxValueBytes() + " bytes"
                + (parts.isEmpty() ? "" : "; the largest part is " + parts.get(0)), parts);
    }

    private static CommunityEntity newCommunity(String slug) {
        CommunityEntity c = new CommunityEntity();
        c.slug = slug;
        c.readableName = "";
        c.createdAt = Instant.now();
        return c;
    }

    private CommunityState state(CommunityEntity c) {
        return new CommunityState(c.slug, c.slug, c.readableName, c.plugins.stream()
                .map(p -> new PluginInstanceState(p.id, p.pluginName, EventJson.read(p.config, JsonNode.class),
                        p.publicId, WantedPlugins.platformId(p, catalog)))
                .toList(), c.version, c.updatedAt);
    }
}
