package org.metagov.community.service;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
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

/**
 * Driver accounts (admin only): each change is stored and its {@link DriverAccount} record put in the driver outbox
 * in one transaction, so every gateway replica learns of a deletion or a revocation. Tokens are not made here: the
 * gateway signs them with the id and generation these calls answer.
 */
@ApplicationScoped
public class DriverService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DriverRepository drivers;
    private final DriverOutbox outbox;
    private final CallerContext caller;
    private final AuditRecorder audit;

    public DriverService(DriverRepository drivers, DriverOutbox outbox, CallerContext caller, AuditRecorder audit) {
        this.drivers = drivers;
        this.outbox = outbox;
        this.caller = caller;
        this.audit = audit;
    }

    public Uni<Map<String, Object>> create(DriverRequest request) {
        caller.requireAdmin();
        return drivers.inTransaction(conn -> drivers.insert(conn, newId(), request.name(), request.redirectUris())
                .call(row -> publish(conn, row))
                .call(row -> audited(conn, AuditEntry.DRIVER_CREATED, row)))
                .invoke(this::kick).map(DriverService::view);
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
        int limit = limit(limitText);
        Cursor after = cursor.map(Cursor::parse).orElse(null);
        return drivers.page(after == null ? null : after.createdAt, after == null ? null : after.id, limit + 1)
                .map(rows -> {
                    boolean more = rows.size() > limit;
                    List<DriverRow> page = more ? rows.subList(0, limit) : rows;
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("items", page.stream().map(DriverService::view).toList());
                    answer.put("next", more ? Cursor.of(page.get(page.size() - 1)) : null);
                    return answer;
                });
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
                row.version(), row.updatedAt());
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

    private static int limit(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }

    /** Opaque to callers: base64url of "{created_at micros}:{id}" of the last item of the previous page. */
    private record Cursor(Instant createdAt, String id) {
        static String of(DriverRow row) {
            long micros = row.createdAt().getEpochSecond() * 1_000_000L + row.createdAt().getNano() / 1_000;
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + ":" + row.id()).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                long micros = Long.parseLong(decoded.substring(0, colon));
                String id = decoded.substring(colon + 1);
                if (id.isEmpty()) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000), id);
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                throw ApiException.badRequest("The cursor is not one this list gave");
            }
        }
    }
}
