package org.metagov.community.service;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import org.metagov.community.messaging.DriverOutbox;
import org.metagov.community.repository.DriverRepository;
import org.metagov.community.repository.DriverRow;
import org.metagov.events.AuditEntry;
import org.metagov.events.DriverAccount;
import org.metagov.events.EventJson;
import org.metagov.web.ApiException;
import org.metagov.web.CallerContext;
import org.metagov.webhooks.WebhookSecret;

/**
 * Driver accounts (admin only): each change is stored and its {@link DriverAccount} record put in the driver outbox
 * in one transaction, so every gateway replica learns of a deletion or a revocation. Tokens are not made here: the
 * gateway signs them with the id and generation these calls answer.
 */
@ApplicationScoped
public class DriverService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DriverRepository drivers;
    private final DriverOutbox outbox;
    private final CallerContext caller;
    private final SecretSealing sealing;
    private final AuditRecorder audit;

    public DriverService(DriverRepository drivers, DriverOutbox outbox, CallerContext caller, SecretSealing sealing,
            AuditRecorder audit) {
        this.drivers = drivers;
        this.outbox = outbox;
        this.caller = caller;
        this.sealing = sealing;
        this.audit = audit;
    }

    /**
     * The account and, shown this once, its {@code callback_secret} (which signs its processes' callbacks). Without
     * {@code METAGOV_SECRETS_KEY} the account has none (its callbacks go unsigned) until one is made.
     */
    public Uni<Map<String, Object>> create(DriverRequest request) {
        caller.requireAdmin();
        String id = newId();
        String secret = sealing.available() ? WebhookSecret.generate() : null;
        String sealed = secret == null ? null : sealing.seal(secret, id);
        return drivers.inTransaction(conn -> drivers.insert(conn, id, request.name(), request.redirectUris(), sealed)
                .call(row -> publish(conn, row))
                .call(row -> audited(conn, AuditEntry.DRIVER_CREATED, row)))
                .invoke(this::kick).map(row -> withSecret(view(row), secret));
    }

    /** A new callback secret, shown this once; the old one stops signing as soon as process-service has the record. */
    public Uni<Map<String, Object>> newCallbackSecret(String id) {
        caller.requireAdmin();
        String secret = WebhookSecret.generate();
        String sealed = sealing.seal(secret, id);
        return drivers.inTransaction(conn -> drivers.replaceCallbackSecret(conn, id, sealed).flatMap(row -> {
            DriverRow updated = row.orElseThrow(() -> notFound(id));
            return publish(conn, updated).call(x -> audited(conn, AuditEntry.DRIVER_UPDATED, updated))
                    .replaceWith(updated);
        })).invoke(this::kick).map(row -> withSecret(view(row), secret));
    }

    private static Map<String, Object> withSecret(Map<String, Object> view, String secret) {
        if (secret != null) {
            view.put("callback_secret", secret);
        }
        return view;
    }

    public Uni<Map<String, Object>> get(String id) {
        caller.requireAdmin();
        return drivers.find(id).map(row -> view(row.orElseThrow(() -> notFound(id))));
    }

    public Uni<Map<String, Object>> change(String id, DriverRequest request) {
        caller.requireAdmin();
        return update(id, request.name(), request.redirectUris(), false, AuditEntry.DRIVER_UPDATED)
                .map(DriverService::view);
    }

    /** Moves the generation on: every token issued so far is refused once the gateways have the record. */
    public Uni<Void> revokeTokens(String id) {
        caller.requireAdmin();
        return update(id, null, null, true, AuditEntry.DRIVER_TOKENS_REVOKED).replaceWithVoid();
    }

    public Uni<Void> delete(String id) {
        caller.requireAdmin();
        return drivers.inTransaction(conn -> drivers.delete(conn, id).flatMap(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            return drivers.publish(conn, id, null).call(x -> audit.inTransaction(conn,
                    audit.entry(null, AuditEntry.DRIVER_DELETED, id, null)));
        })).invoke(this::kick);
    }

    /** {@code {"items", "next"}}, newest first; {@code cursor} from the previous page. */
    public Uni<Map<String, Object>> list(Optional<String> limitText, Optional<String> cursor) {
        caller.requireAdmin();
        int limit = Pages.limit(limitText);
        Pages.After after = Pages.after(cursor);
        return drivers.page(after == null ? null : after.createdAt(), after == null ? null : after.key(), limit + 1)
                .map(rows -> Pages.answer(rows, limit, DriverService::view,
                        row -> new Pages.After(row.createdAt(), row.id())));
    }

    private Uni<DriverRow> update(String id, String name, List<String> uris, boolean newGeneration, String kind) {
        return drivers.inTransaction(conn -> drivers.update(conn, id, name, uris, newGeneration).flatMap(row -> {
            DriverRow updated = row.orElseThrow(() -> notFound(id));
            return publish(conn, updated).call(x -> audited(conn, kind, updated)).replaceWith(updated);
        })).invoke(this::kick);
    }

    /** The account's audit entry (no community): name, redirect URIs and generation, never a token. */
    private Uni<Void> audited(SqlConnection conn, String kind, DriverRow row) {
        var details = EventJson.MAPPER.createObjectNode().put("name", row.name()).put("generation", row.generation());
        details.set("redirect_uris", EventJson.MAPPER.valueToTree(row.redirectUris()));
        return audit.inTransaction(conn, audit.entry(null, kind, row.id(), details));
    }

    private void kick() {
        outbox.kick();
        audit.kick();
    }

    private Uni<Void> publish(SqlConnection conn, DriverRow row) {
        DriverAccount account = new DriverAccount(row.id(), row.name(), row.redirectUris(), row.generation(),
                row.version(), row.updatedAt(), row.callbackSecret());
        try {
            return drivers.publish(conn, row.id(), EventJson.MAPPER.writeValueAsString(account));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    static Map<String, Object> view(DriverRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id());
        view.put("name", row.name());
        view.put("redirect_uris", row.redirectUris());
        view.put("generation", row.generation());
        view.put("has_callback_secret", row.callbackSecret() != null);
        view.put("created_at", row.createdAt().toString());
        return view;
    }

    private static String newId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "drv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No driver " + id);
    }
}
