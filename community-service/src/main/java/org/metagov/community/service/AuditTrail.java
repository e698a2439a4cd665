package org.metagov.community.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import org.metagov.community.config.AuditConfig;
import org.metagov.community.repository.AuditRepository;
import org.metagov.community.repository.CommunityEntity;
import org.metagov.events.AuditEntry;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;
import org.metagov.web.PageCursor;

/**
 * A community's audit trail: stores the entries every service sends on the audit topic, answers the paginated
 * listing (newest first) to the community's owner or an administrator, and deletes entries past the retention.
 */
@ApplicationScoped
public class AuditTrail {

    private final AuditRepository entries;
    private final CallerContext caller;
    private final AuditConfig config;
    private final Vertx vertx;
    private long timer = -1;

    public AuditTrail(AuditRepository entries, CallerContext caller, AuditConfig config, Vertx vertx) {
        this.entries = entries;
        this.caller = caller;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(1000, config.retentionCheckInterval().toMillis(), id -> deleteExpired()
                .subscribe().with(count -> {
                    if (count > 0) {
                        Log.infof("audit: deleted %d entries older than %s", count, config.retention());
                    }
                }, e -> Log.warnf("audit: the retention delete failed, tried again later: %s", e.getMessage())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public Uni<Void> store(AuditEntry entry) {
        return entries.insert(entry);
    }

    /** Deletes what is older than the retention (replicas may run it at once: a DELETE by time is harmless twice). */
    public Uni<Integer> deleteExpired() {
        return entries.deleteBefore(Instant.now().minus(config.retention()));
    }

    /** {@code {"items", "next"}}, newest first, narrowed by kind (exact, or a prefix ending in '.') and time. */
    public Uni<Map<String, Object>> list(String slug, Optional<String> kind, Optional<String> since,
            Optional<String> until, Optional<String> limitText, Optional<String> cursor) {
        int limit = PageCursor.limit(limitText);
        PageCursor after = cursor.map(PageCursor::parse).orElse(null);
        AuditRepository.Filter filter = new AuditRepository.Filter(slug, kind.filter(k -> !k.isBlank()).orElse(null),
                time("since", since), time("until", until));
        return checkAccess(slug)
                .flatMap(x -> entries.page(filter, after == null ? null : after.at(), after == null ? null : after.id(),
                        limit + 1))
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<AuditEntry> page = more ? rows.subList(0, limit) : rows;
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("items", page.stream().map(AuditTrail::view).toList());
                    AuditEntry last = page.isEmpty() ? null : page.get(page.size() - 1);
                    answer.put("next", more ? new PageCursor(last.at(), last.id()).encode() : null);
                    return answer;
                });
    }

    /**
     * The one access check of the trail: the community's owner and administrators read it; for every other driver
     * it is answered as an unknown community (404).
     */
    private Uni<Void> checkAccess(String slug) {
        Caller driver = caller.caller();
        return Panache.withSession(() -> CommunityEntity.<CommunityEntity>find("slug", slug).firstResult()).map(c -> {
            if (c == null || !driver.mayUse(c.owner)) {
                throw ApiException.notFound("Community '" + slug + "' does not exist");
            }
            return null;
        });
    }

    private static Instant time(String name, Optional<String> text) {
        if (text.isEmpty() || text.get().isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.get());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z",
                    List.of(name));
        }
    }

    private static Map<String, Object> view(AuditEntry e) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", e.id());
        view.put("kind", e.kind());
        view.put("subject", e.subject());
        view.put("driver", e.driver());
        view.put("at", e.at().toString());
        view.put("trace_id", e.traceId());
        view.put("details", e.details());
        return view;
    }
}
