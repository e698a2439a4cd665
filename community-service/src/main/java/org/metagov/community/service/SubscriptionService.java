package org.metagov.community.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlConnection;

import org.metagov.community.config.SubscriptionConfig;
import org.metagov.community.messaging.SubscriptionOutbox;
import org.metagov.community.repository.SubscriptionRepository;
import org.metagov.community.repository.SubscriptionRow;
import org.metagov.events.DriverSubscription;
import org.metagov.events.EventJson;
import org.metagov.outbound.AddressPolicy;
import org.metagov.web.ApiException;
import org.metagov.web.CallerContext;
import org.metagov.webhooks.WebhookSecret;

/**
 * A driver's event subscriptions: each change is stored and its {@link DriverSubscription} record (secrets sealed)
 * put in the subscription outbox in one transaction, for the dispatcher. Every call is the caller's own: another
 * driver's subscription is a 404, as is a community the caller does not own; the url must pass the outbound address
 * policy (400); the limit per driver is a 409. The secret is write-only: a create without one answers the generated
 * secret once; no read returns it.
 */
@ApplicationScoped
public class SubscriptionService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriptionRepository subscriptions;
    private final SubscriptionOutbox outbox;
    private final CommunityOwnership ownership;
    private final AddressPolicy policy;
    private final SecretSealing sealing;
    private final SubscriptionConfig config;
    private final CallerContext caller;

    public SubscriptionService(SubscriptionRepository subscriptions, SubscriptionOutbox outbox,
            CommunityOwnership ownership, AddressPolicy policy, SecretSealing sealing, SubscriptionConfig config,
            CallerContext caller) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.ownership = ownership;
        this.policy = policy;
        this.sealing = sealing;
        this.config = config;
        this.caller = caller;
    }

    /** The view, plus {@code secret} when it was generated here (shown this once). */
    public Uni<Map<String, Object>> create(SubscriptionRequest request) {
        String driver = caller.caller().driverId();
        String id = newId();
        String secret = request.secret() != null ? request.secret() : WebhookSecret.generate();
        String sealed = sealing.seal(secret, id);
        return checkedUrl(request.url()).chain(() -> subscriptions.inTransaction(conn -> subscriptions
                .countLocked(conn, driver).chain(count -> {
                    if (count >= config.maxPerDriver()) {
                        throw new ApiException(409, "limit_reached", "A driver may hold " + config.maxPerDriver()
                                + " subscriptions; delete one first");
                    }
                    return ownership.requireOwned(conn, driver, request.communities());
                })
                .chain(() -> subscriptions.insert(conn, id, driver, request.url(), request.communities(),
                        request.eventTypes(), sealed))
                .call(row -> publish(conn, row))))
                .invoke(outbox::kick)
                .map(row -> {
                    Map<String, Object> view = view(row);
                    if (request.secret() == null) {
                        view.put("secret", secret);
                    }
                    return view;
                });
    }

    public Uni<Map<String, Object>> get(String id) {
        return subscriptions.find(driver(), id).map(row -> view(row.orElseThrow(() -> notFound(id))));
    }

    /** A new secret keeps the old one signing beside it for {@code metagov.subscriptions.rotation-overlap}. */
    public Uni<Map<String, Object>> change(String id, SubscriptionRequest request) {
        String driver = driver();
        String sealed = request.secret() == null ? null : sealing.seal(request.secret(), id);
        Instant previousUntil = Instant.now().plus(config.rotationOverlap());
        Uni<Void> url = request.url() == null ? Uni.createFrom().voidItem() : checkedUrl(request.url());
        return url.chain(() -> subscriptions.inTransaction(conn -> subscriptions.find(conn, driver, id)
                .chain(found -> {
                    found.orElseThrow(() -> notFound(id));
                    return ownership.requireOwned(conn, driver,
                            request.communities() == null ? List.of() : request.communities());
                })
                .chain(() -> subscriptions.update(conn, driver, id, request.url(), request.communities(),
                        request.eventTypes(), sealed, previousUntil))
                .map(row -> row.orElseThrow(() -> notFound(id)))
                .call(row -> publish(conn, row))))
                .invoke(outbox::kick).map(SubscriptionService::view);
    }

    public Uni<Void> delete(String id) {
        String driver = driver();
        return subscriptions.inTransaction(conn -> subscriptions.delete(conn, driver, id).chain(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            return subscriptions.publish(conn, id, null);
        })).invoke(outbox::kick);
    }

    /** The caller's, {@code {"items", "next"}}, newest first. */
    public Uni<Map<String, Object>> list(Optional<String> limitText, Optional<String> cursor) {
        int limit = Pages.limit(limitText);
        Pages.After after = Pages.after(cursor);
        return subscriptions.page(driver(), after == null ? null : after.createdAt(),
                after == null ? null : after.key(), limit + 1)
                .map(rows -> Pages.answer(rows, limit, SubscriptionService::view,
                        row -> new Pages.After(row.createdAt(), row.id())));
    }

    private String driver() {
        return caller.caller().driverId();
    }

    /** DNS is blocking: checked on a worker thread, before the transaction. */
    private Uni<Void> checkedUrl(String url) {
        return Uni.createFrom().item(() -> policy.refusal(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(refusal -> {
                    refusal.ifPresent(why -> {
                        throw new ApiException(400, "url_refused", "url: " + why,
                                List.of(Map.of("field", "url", "problem", "refused")));
                    });
                    return null;
                });
    }

    private Uni<Void> publish(SqlConnection conn, SubscriptionRow row) {
        List<DriverSubscription.SealedSecret> secrets = new ArrayList<>();
        secrets.add(new DriverSubscription.SealedSecret(row.secret(), null));
        if (row.previousSecret() != null && row.previousSecretUntil() != null
                && row.previousSecretUntil().isAfter(Instant.now())) {
            secrets.add(new DriverSubscription.SealedSecret(row.previousSecret(), row.previousSecretUntil()));
        }
        DriverSubscription record = new DriverSubscription(row.id(), row.driverId(), row.url(), row.communities(),
                row.eventTypes(), secrets, row.version(), row.updatedAt());
        return subscriptions.publish(conn, row.id(), EventJson.write(record));
    }

    /** What a read shows: never a secret, only whether a rotated-out one still signs and until when. */
    static Map<String, Object> view(SubscriptionRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id());
        view.put("url", row.url());
        view.put("communities", row.communities());
        view.put("event_types", row.eventTypes());
        boolean rotating = row.previousSecretUntil() != null && row.previousSecretUntil().isAfter(Instant.now());
        view.put("previous_secret_valid_until", rotating ? row.previousSecretUntil().toString() : null);
        view.put("created_at", row.createdAt().toString());
        view.put("updated_at", row.updatedAt().toString());
        return view;
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "sub_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No subscription " + id);
    }
}
