package org.metagov.community.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
import org.metagov.events.CommunityState;
import org.metagov.events.EventJson;
import org.metagov.events.PluginDescriptor;
import org.metagov.events.PluginInstanceState;
import org.metagov.events.RecordLimits;
import org.metagov.events.Topics;
import org.metagov.sdk.schema.JsonSchemas;
import org.metagov.web.ApiException;

/**
 * Creates, replaces and deletes communities and their plugin instances. Every change is written with its
 * {@link CommunityState} record in the outbox, in one transaction.
 */
@ApplicationScoped
public class CommunityService {

    public record Saved(boolean created, ObjectNode community) {
    }

    private final PluginCatalog catalog;
    private final CommunityOutbox relay;
    private final RecordLimits limits;

    public CommunityService(PluginCatalog catalog, CommunityOutbox relay, RecordLimits limits) {
        this.catalog = catalog;
        this.relay = relay;
        this.limits = limits;
    }

    /** PUT semantics: the plugin list replaces the one stored; a plugin left out is disabled. */
    public Uni<Saved> put(String slug, JsonNode body) {
        CommunityRequest request = CommunityRequest.parse(body);
        if (request.name() != null && !request.name().equals(slug)) {
            throw ApiException.badRequest("The body's name '" + request.name() + "' differs from the URL's '" + slug + "'");
        }
        Map<String, ObjectNode> configs = validatePlugins(request.plugins());
        return Panache.withTransaction(() -> save(slug, request.readableName(), configs)).invoke(relay::kick);
    }

    /** POST semantics: a new community with a server-generated slug. */
    public Uni<Saved> create(JsonNode body) {
        CommunityRequest request = CommunityRequest.parse(body);
        if (request.name() != null) {
            throw ApiException.badRequest("POST creates a community with a generated name; use PUT to choose one");
        }
        Map<String, ObjectNode> configs = validatePlugins(request.plugins());
        String slug = UUID.randomUUID().toString();
        return Panache.withTransaction(() -> save(slug, request.readableName(), configs)).invoke(relay::kick);
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

    /** Metagov's per-plugin POST: enables or re-configures one plugin and leaves the others as they are. */
    public Uni<Saved> enablePlugin(String slug, String pluginName, JsonNode body) {
        CommunityRequest.PluginRequest request = CommunityRequest.parsePlugin(pluginName, body);
        ObjectNode config = validatePlugins(List.of(request)).get(pluginName);
        return Panache.withTransaction(() -> load(slug).flatMap(c -> {
            boolean existed = c.plugins.stream().anyMatch(p -> p.pluginName.equals(pluginName));
            Map<String, ObjectNode> configs = storedConfigs(c);
            configs.put(pluginName, config);
            return save(slug, c.readableName, configs)
                    .map(saved -> new Saved(!existed, pluginView(saved.community(), pluginName)));
        })).invoke(relay::kick);
    }

    /** Metagov's per-plugin DELETE: the instance must be of that plugin (and of that community, when one is named). */
    public Uni<Void> disablePlugin(String community, String pluginName, String instanceId) {
        return Panache.withTransaction(() -> PluginInstanceEntity.<PluginInstanceEntity>findById(instanceId)
                .flatMap(instance -> {
                    if (instance == null || !instance.pluginName.equals(pluginName)
                            || (community != null && !community.equals(instance.community.slug))) {
                        throw ApiException.notFound("Plugin '" + pluginName + "' has no instance '" + instanceId + "'");
                    }
                    String slug = instance.community.slug;
                    return load(slug).flatMap(c -> {
                        Map<String, ObjectNode> configs = storedConfigs(c);
                        configs.remove(pluginName);
                        return save(slug, c.readableName, configs);
                    });
                })).invoke(relay::kick).replaceWithVoid();
    }

    private static Map<String, ObjectNode> storedConfigs(CommunityEntity community) {
        Map<String, ObjectNode> configs = new java.util.LinkedHashMap<>();
        community.plugins.forEach(p -> configs.put(p.pluginName, EventJson.read(p.config, ObjectNode.class)));
        return configs;
    }

    /** The one plugin of a rendered community, as Metagov's plugin endpoints return it. */
    private static ObjectNode pluginView(ObjectNode community, String pluginName) {
        for (JsonNode p : community.path("plugins")) {
            if (p.path("name").asText().equals(pluginName)) {
                ObjectNode view = ((ObjectNode) p).deepCopy();
                view.put("community", community.path("name").asText());
                return view;
            }
        }
        throw new IllegalStateException("Plugin " + pluginName + " missing from the community just saved");
    }

    private Uni<CommunityEntity> load(String slug) {
        return findWithPlugins(slug).onItem().ifNull()
                .failWith(() -> ApiException.notFound("Community '" + slug + "' does not exist"));
    }

    private static Uni<CommunityEntity> findWithPlugins(String slug) {
        return CommunityEntity.<CommunityEntity>find("from CommunityEntity c left join fetch c.plugins where c.slug = ?1",
                slug).firstResult();
    }

    /** Checks every plugin against the catalog and its config schema, filling defaults; all errors at once. */
    private Map<String, ObjectNode> validatePlugins(List<CommunityRequest.PluginRequest> plugins) {
        List<String> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CommunityRequest.PluginRequest p : plugins) {
            if (!seen.add(p.name())) {
                errors.add(p.name() + ": listed more than once");
                continue;
            }
            PluginDescriptor descriptor = catalog.find(p.name()).orElse(null);
            if (descriptor == null) {
                if (catalog.isEmpty()) {
                    throw ApiException.unavailable("The plugin catalog is not loaded yet; retry shortly");
                }
                throw ApiException.badRequest("Unknown plugin '" + p.name() + "'", List.of(p.name()));
            }
            JsonSchemas.validate(descriptor.configSchema(), p.config())
                    .forEach(e -> errors.add(p.name() + ": " + e));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid plugin configuration", errors);
        }
        return plugins.stream().collect(Collectors.toMap(CommunityRequest.PluginRequest::name,
                CommunityRequest.PluginRequest::config, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    /** Runs inside the caller's transaction; the {@code @Version} column turns a concurrent change into 409. */
    private Uni<Saved> save(String slug, String readableName, Map<String, ObjectNode> configs) {
        return findWithPlugins(slug).flatMap(existing -> {
            boolean created = existing == null;
            CommunityEntity community = created ? newCommunity(slug) : existing;
            Instant now = Instant.now();
            boolean changed = created || !community.readableName.equals(readableName);
            community.readableName = readableName;

            Map<String, PluginInstanceEntity> current = community.plugins.stream()
                    .collect(Collectors.toMap(p -> p.pluginName, Function.identity()));
            List<PluginInstanceEntity> removed = new ArrayList<>();
            for (PluginInstanceEntity p : current.values()) {
                ObjectNode wanted = configs.get(p.pluginName);
                if (wanted == null || !wanted.equals(EventJson.read(p.config, JsonNode.class))) {
                    removed.add(p);
                }
            }
            community.plugins.removeAll(removed);
            List<PluginInstanceEntity> added = new ArrayList<>();
            configs.forEach((name, config) -> {
                PluginInstanceEntity kept = current.get(name);
                if (kept == null || removed.contains(kept)) {
                    PluginInstanceEntity p = new PluginInstanceEntity();
                    p.id = UUID.randomUUID().toString();
                    p.community = community;
                    p.pluginName = name;
                    p.config = EventJson.write(config);
                    p.createdAt = now;
                    added.add(p);
                }
            });
            changed |= !removed.isEmpty() || !added.isEmpty();
            if (!changed) {
                return Uni.createFrom().item(new Saved(false, CommunityView.render(community, catalog)));
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
                    .map(x -> new Saved(created, CommunityView.render(community, catalog)));
        });
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

    private static CommunityState state(CommunityEntity c) {
        return new CommunityState(c.slug, c.slug, c.readableName, c.plugins.stream()
                .map(p -> new PluginInstanceState(p.id, p.pluginName, EventJson.read(p.config, JsonNode.class)))
                .toList(), c.version, c.updatedAt);
    }
}
