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
import org.metagov.community.service.WantedPlugins.InstanceKey;
import org.metagov.community.service.WantedPlugins.WantedPlugin;
import org.metagov.events.AuditEntry;
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.RecordLimits;
import org.metagov.events.Topics;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;

/**
 * Creates, replaces and deletes communities and their plugin instances. Every change is written with its
 * {@link CommunityState} record in the outbox, in one transaction.
 *
 * <p>A community belongs to the driver that created it (issue 13): every call of another driver about it is answered
 * as for an unknown community (404), except that a slug is one global namespace, so creating or PUTting a slug
 * another driver owns is a 409 {@code slug_taken}. Administrators see and change every community.
 */
@ApplicationScoped
public class CommunityService {

    /** {@code created}: a new community (PUT, POST) or a new plugin instance (per-plugin POST). */
    public record Saved(boolean created, ObjectNode body) {
    }

    /** What {@link #save} did: the community as now stored, and the instances it made. */
    private record Written(CommunityEntity community, Set<InstanceKey> added) {

        PluginInstanceEntity instance(InstanceKey key, PluginCatalog catalog) {
            return community.plugins.stream().filter(p -> InstanceKey.of(p, catalog).equals(key)).findFirst()
                    .orElseThrow();
        }
    }

    private final PluginCatalog catalog;
    private final CommunityOutbox relay;
    private final EnableChecks enableChecks;
    private final RecordLimits limits;
    private final CallerContext caller;
    private final CommunitySecrets sealing;
    private final AuditRecorder audit;

    public CommunityService(PluginCatalog catalog, CommunityOutbox relay, RecordLimits limits,
            EnableChecks enableChecks, CallerContext caller, CommunitySecrets secrets, AuditRecorder audit) {
        this.enableChecks = enableChecks;
        this.catalog = catalog;
        this.relay = relay;
        this.limits = limits;
        this.caller = caller;
        this.sealing = secrets;
        this.audit = audit;
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
        Caller driver = caller.caller();
        return Panache.withTransaction(() -> findWithPlugins(slug).flatMap(stored -> {
            if (stored != null && !driver.mayUse(stored.owner)) {
                throw slugTaken(slug);
            }
            Map<InstanceKey, WantedPlugin> wanted = WantedPlugins.of(request.plugins(), stored, catalog);
            String readableName = request.readableName() != null ? request.readableName()
                    : stored != null ? stored.readableName : "";
            return enableChecks.check(slug, wanted.values(), stored)
                    .flatMap(checked -> save(slug, stored, driver.driverId(), readableName, wanted))
                    .map(w -> new Saved(stored == null, CommunityView.render(w.community(), catalog, secrets(wanted))));
        })).invoke(this::kick);
    }

    /** POST semantics: a new community, with the body's slug or a generated one (a UUID, as upstream). */
    public Uni<Saved> create(ObjectNode body) {
        CommunityRequest request = CommunityRequest.parse(body);
        String slug = request.slug() != null ? request.slug() : UUID.randomUUID().toString();
        Caller driver = caller.caller();
        return Panache.withTransaction(() -> findWithPlugins(slug).flatMap(stored -> {
            if (stored != null && !driver.mayUse(stored.owner)) {
                throw slugTaken(slug);
            }
            if (stored != null) {
                throw ApiException.conflict("Community '" + slug + "' already exists");
            }
            Map<InstanceKey, WantedPlugin> wanted = WantedPlugins.of(request.plugins(), null, catalog);
            String readableName = request.readableName() != null ? request.readableName() : "";
            return enableChecks.check(slug, wanted.values(), null)
                    .flatMap(checked -> save(slug, null, driver.driverId(), readableName, wanted))
                    .map(w -> new Saved(true, CommunityView.render(w.community(), catalog, secrets(wanted))));
        })).invoke(this::kick);
    }

    @WithSession
    public Uni<ObjectNode> get(String slug) {
        Caller driver = caller.caller();
        return load(driver, slug).map(c -> CommunityView.render(c, catalog));
    }

    /**
     * The community hook URL of each instance: {@code /api/hooks/<community>/<plugin>}, with the config's
     * {@code webhook_slug} when set; a plugin with several instances gives each a URL of its own (its generated slug
     * when the config sets none), so a hook reaches its instance without the plugin telling them apart.
     */
    @WithSession
    public Uni<List<String>> hooks(String slug) {
        Caller driver = caller.caller();
        return load(driver, slug).map(c -> c.plugins.stream().map(p -> {
            JsonNode webhookSlug = EventJson.read(p.config, JsonNode.class).path("webhook_slug");
            String base = "/api/hooks/" + c.slug + "/" + p.pluginName;
            if (webhookSlug.isTextual() && !webhookSlug.asText().isEmpty()) {
                return base + "/" + webhookSlug.asText();
            }
            boolean several = WantedPlugins.instances(c, p.pluginName).size() > 1;
            return several && p.hookSlug != null ? base + "/" + p.hookSlug : base;
        }).toList());
    }

    public Uni<Void> delete(String slug) {
        Caller driver = caller.caller();
        return Panache.withTransaction(() -> load(driver, slug)
                .flatMap(c -> c.delete())
                .flatMap(x -> OutboxEntry.of(Topics.COMMUNITIES, slug, null).persist())
                .flatMap(x -> audit.inSession(audit.entry(slug, AuditEntry.COMMUNITY_DELETED, slug, null))))
                .invoke(this::kick)
                .replaceWithVoid();
    }

    /**
     * Upstream's per-plugin POST: enables or re-configures one instance and leaves the others as they are. The
     * instance is the one with the request's platform id (the query's, or the config's {@code platformIdKey}), else
     * the only one of the plugin; several and none named: 400 listing them; a new platform id adds an instance.
     * {@code created} (201) when a new instance was made; a re-configured one keeps its ids (200), unlike upstream,
     * which re-creates it and loses its state.
     */
    public Uni<Saved> enablePlugin(String slug, String pluginName, ObjectNode body, String platformIdQuery) {
        PluginDescriptor descriptor = WantedPlugins.descriptor(catalog, pluginName);
        CommunityRequest.PluginRequest request = CommunityRequest.parsePlugin(pluginName, body,
                descriptor.configSchema(), platformIdQuery);
        Caller driver = caller.caller();
        return Panache.withTransaction(() -> load(driver, slug).flatMap(c -> {
            List<String> errors = new ArrayList<>();
            WantedPlugin plugin = WantedPlugins.wanted(descriptor, request, WantedPlugins.instances(c, pluginName),
                    catalog, errors);
            if (plugin == null) {
                throw ApiException.badRequest("Invalid plugin configuration", errors);
            }
            Map<InstanceKey, WantedPlugin> wanted = WantedPlugins.stored(c, catalog);
            wanted.put(plugin.key(), plugin);
            return enableChecks.check(slug, List.of(plugin), c)
                    .flatMap(checked -> claimedElsewhere(descriptor, plugin.platformId(), slug))
                    .flatMap(taken -> {
                        if (taken) {
                            // an OAuth app's installation belongs to one community: a second would get its events
                            throw new ApiException(409, "platform_id_taken", "The " + pluginName + " installation '"
                                    + plugin.platformId() + "' belongs to another community");
                        }
                        return save(slug, c, c.owner, c.readableName, wanted);
                    })
                    .map(w -> new Saved(w.added().contains(plugin.key()),
                    CommunityView.plugin(w.community(), w.instance(plugin.key(), catalog), catalog,
                            plugin.sentSecrets())));
        })).invoke(this::kick);
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
     * Upstream's per-plugin DELETE, by the instance's integer id (our earlier UUID ids are still found): that
     * instance only, the plugin's others stay. The instance must be of that plugin, and of that community when the
     * header names one.
     */
    public Uni<Void> disablePlugin(String community, String pluginName, String instanceId) {
        String notFound = "Plugin '" + pluginName + "' has no instance '" + instanceId + "'";
        boolean number = instanceId.matches("[0-9]{1,16}");
        if (!number && !instanceId.matches("[0-9a-f-]{36}")) {
            throw ApiException.notFound(notFound);
        }
        Caller driver = caller.caller();
        return Panache.withTransaction(() -> (number
                ? PluginInstanceEntity.<PluginInstanceEntity>find("publicId", Long.parseLong(instanceId)).firstResult()
                : PluginInstanceEntity.<PluginInstanceEntity>findById(instanceId)).flatMap(instance -> {
            if (instance == null || !instance.pluginName.equals(pluginName)
                    || (community != null && !community.equals(instance.community.slug))
                    || !driver.mayUse(instance.community.owner)) { // another driver's instance: as unknown
                throw ApiException.notFound(notFound);
            }
            String slug = instance.community.slug;
            InstanceKey key = InstanceKey.of(instance, catalog);
            return load(driver, slug).flatMap(c -> {
                Map<InstanceKey, WantedPlugin> wanted = WantedPlugins.stored(c, catalog);
                wanted.remove(key);
                return save(slug, c, c.owner, c.readableName, wanted);
            });
        })).invoke(this::kick).replaceWithVoid();
    }

    /**
     * An administrator gives the community to the driver {@code owner} (checked by the caller to exist): its plugin
     * instances, identities and new processes go with it. Published, so every service checks the new owner.
     */
    public Uni<CommunityEntity> transfer(String slug, String owner) {
        caller.requireAdmin();
        Caller driver = caller.caller();
        return Panache.withTransaction(() -> load(driver, slug).flatMap(c -> {
            if (c.owner.equals(owner)) {
                return Uni.createFrom().item(c);
            }
            c.owner = owner;
            c.updatedAt = Instant.now(); // the flush increments the version the record carries
            return c.persist().flatMap(x -> Panache.getSession().flatMap(s -> s.flush()))
                    .flatMap(x -> publish(c))
                    .flatMap(x -> audit.inSession(audit.entry(slug, AuditEntry.COMMUNITY_UPDATED, slug,
                            EventJson.MAPPER.createObjectNode().put("owner", owner))))
                    .replaceWith(c);
        })).invoke(this::kick);
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
                    .flatMap(x -> publish(c))
                    .replaceWith(PlatformIdReport.RECORDED);
        })).invoke(result -> {
            if (result == PlatformIdReport.RECORDED) {
                relay.kick();
            }
        });
    }

    private static Map<InstanceKey, ObjectNode> secrets(Map<InstanceKey, WantedPlugin> wanted) {
        Map<InstanceKey, ObjectNode> secrets = new java.util.HashMap<>();
        wanted.forEach((key, plugin) -> secrets.put(key, plugin.sentSecrets()));
        return secrets;
    }

    /** The caller's community (any, for an administrator); another driver's is answered as an unknown one. */
    private static Uni<CommunityEntity> load(Caller driver, String slug) {
        return findWithPlugins(slug).map(c -> c != null && driver.mayUse(c.owner) ? c : null).onItem().ifNull()
                .failWith(() -> ApiException.notFound("Community '" + slug + "' does not exist"));
    }

    /** The one signal of another driver's community: its slug cannot be taken (slugs are one namespace). */
    private static ApiException slugTaken(String slug) {
        return new ApiException(409, "slug_taken", "The slug '" + slug + "' is taken; choose another");
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
    private Uni<Written> save(String slug, CommunityEntity existing, String owner, String readableName,
            Map<InstanceKey, WantedPlugin> wanted) {
        boolean created = existing == null;
        CommunityEntity community = created ? newCommunity(slug, owner) : existing;
        Instant now = Instant.now();
        boolean changed = created || !community.readableName.equals(readableName);
        List<AuditEntry> entries = new ArrayList<>();
        if (changed) {
            ObjectNode details = EventJson.MAPPER.createObjectNode().put("readable_name", readableName);
            entries.add(audit.entry(slug, created ? AuditEntry.COMMUNITY_CREATED : AuditEntry.COMMUNITY_UPDATED, slug,
                    details));
        }
        community.readableName = readableName;

        // keyed by (name, platform id): another platform id is another community on the platform, a new instance
        Map<InstanceKey, PluginInstanceEntity> current = community.plugins.stream()
                .collect(Collectors.toMap(p -> InstanceKey.of(p, catalog), Function.identity(), (a, b) -> a));
        List<PluginInstanceEntity> removed = new ArrayList<>();
        boolean reconfigured = false;
        for (PluginInstanceEntity p : community.plugins) {
            WantedPlugin w = wanted.get(InstanceKey.of(p, catalog));
            if (w == null || current.get(w.key()) != p) {
                removed.add(p);
                entries.add(audit.entry(slug, AuditEntry.PLUGIN_DISABLED, p.pluginName,
                        EventJson.MAPPER.createObjectNode().put("instance", p.publicId)));
            } else if (!w.config().equals(EventJson.read(p.config, JsonNode.class))) {
                entries.add(audit.entry(slug, AuditEntry.PLUGIN_CONFIGURED, p.pluginName, ConfigChanges.of(
                        schemaOf(p.pluginName), EventJson.read(p.config, JsonNode.class), w.config())
                        .put("instance", p.publicId)));
                p.config = EventJson.write(w.config()); // same instance: its ids and (runner-side) state stay
                reconfigured = true;
            }
        }
        community.plugins.removeAll(removed);
        List<PluginInstanceEntity> added = new ArrayList<>();
        wanted.forEach((key, w) -> {
            PluginInstanceEntity kept = current.get(key);
            if (kept == null || removed.contains(kept)) {
                PluginInstanceEntity p = new PluginInstanceEntity();
                p.id = UUID.randomUUID().toString();
                p.publicId = RandomIds.next();
                p.hookSlug = RandomIds.hookSlug();
                p.community = community;
                p.pluginName = w.name();
                p.config = EventJson.write(w.config());
                p.communityPlatformId = w.platformId();
                p.createdAt = now;
                added.add(p);
                entries.add(audit.entry(slug, AuditEntry.PLUGIN_ENABLED, w.name(),
                        ConfigChanges.of(schemaOf(w.name()), null, w.config()).put("instance", p.publicId)));
            }
        });
        Set<InstanceKey> addedNames = added.stream().map(p -> InstanceKey.of(p, catalog)).collect(Collectors.toSet());
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
                    community.plugins.sort(java.util.Comparator.comparing((PluginInstanceEntity p) -> p.pluginName)
                            .thenComparing(p -> p.createdAt));
                })
                .flatMap(x -> Panache.getSession().flatMap(s -> s.flush()))
                // the flush above has incremented the version the record carries
                .flatMap(x -> publish(community))
                .flatMap(x -> recordAll(entries))
                .map(x -> new Written(community, addedNames));
    }

    /**
     * The community's record into the outbox (inside the caller's transaction), its secrets sealed, and the key that
     * sealed them noted on the row (plain SQL: not an entity field, so it neither bumps the version nor is written
     * back stale), which tells {@link SecretsRepublisher} what is still to publish under the current key.
     */
    private Uni<Void> publish(CommunityEntity c) {
        String record = fitting(sealing.seal(state(c)));
        return OutboxEntry.of(Topics.COMMUNITIES, c.slug, record).persist()
                .flatMap(x -> Panache.getSession())
                .flatMap(s -> s.createNativeQuery("UPDATE community SET secrets_key_id = ?1 WHERE slug = ?2")
                        .setParameter(1, sealing.keyId()).setParameter(2, c.slug).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Publishes the community again as it is (same version), its secrets sealed under the current key: the record
     * it replaces on the compacted topic (in clear, or under a retired key) is compacted away. The row is locked so
     * a write running meanwhile publishes after it, never before. False when the community is gone.
     */
    public Uni<Boolean> republish(String slug) {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery("SELECT slug FROM community WHERE slug = ?1 FOR UPDATE", String.class)
                        .setParameter(1, slug).getResultList())
                .flatMap(locked -> locked.isEmpty() ? Uni.createFrom().item(false)
                        : findWithPlugins(slug).flatMap(c -> publish(c).replaceWith(true))))
                .invoke(published -> {
                    if (published) {
                        relay.kick();
                    }
                });
    }

    /** Slugs of communities whose last record was not sealed under the current key, oldest first. */
    @WithSession
    public Uni<List<String>> notSealedUnderCurrentKey(int max) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT slug FROM community WHERE secrets_key_id"
                + " IS DISTINCT FROM ?1 ORDER BY created_at, slug LIMIT ?2", String.class)
                .setParameter(1, sealing.keyId()).setParameter(2, max).getResultList());
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

    private JsonNode schemaOf(String plugin) {
        return catalog.find(plugin).map(PluginDescriptor::configSchema).orElse(null);
    }

    private Uni<Void> recordAll(List<AuditEntry> entries) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AuditEntry entry : entries) {
            chain = chain.flatMap(x -> audit.inSession(entry));
        }
        return chain;
    }

    /** After a commit: the community record and the audit entries are published at once. */
    private void kick() {
        relay.kick();
        audit.kick();
    }

    private static CommunityEntity newCommunity(String slug, String owner) {
        CommunityEntity c = new CommunityEntity();
        c.slug = slug;
        c.owner = owner;
        c.readableName = "";
        c.createdAt = Instant.now();
        return c;
    }

    private CommunityState state(CommunityEntity c) {
        return new CommunityState(c.slug, c.slug, c.readableName, c.plugins.stream()
                .map(p -> new PluginInstanceState(p.id, p.pluginName, EventJson.read(p.config, JsonNode.class),
                        p.publicId, WantedPlugins.platformId(p, catalog), p.hookSlug))
                .toList(), c.version, c.updatedAt, c.owner);
    }
}
