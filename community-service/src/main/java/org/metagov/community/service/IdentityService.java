package org.metagov.community.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import org.metagov.community.repository.AccountFilter;
import org.metagov.community.repository.IdentityRepository;
import org.metagov.community.repository.IdentityRow;
import org.metagov.community.repository.LinkedAccountRow;
import org.metagov.events.EventJson;
import org.metagov.web.ApiException;
import org.metagov.web.Caller;
import org.metagov.web.CallerContext;

/**
 * Metagov's identity API: ids of a community, merged into groups, with platform accounts linked to them. Upstream's
 * intended behaviour where its HTTP layer crashes; every mistake a 4xx. A driver reaches only the identities of its
 * own communities (an administrator's: all); another driver's community, or an id of one, is answered as unknown.
 * Plugins' links ({@link #link}, from the identity-commands topic) act for their community, whoever owns it.
 */
@ApplicationScoped
public class IdentityService {

    public static final int MAX_COUNT = 100;
    public static final int MAX_LISTED_IDS = 1000;
    private static final int MAX_ID_ATTEMPTS = 10;

    private final IdentityRepository repository;
    private final CallerContext caller;

    public IdentityService(IdentityRepository repository, CallerContext caller) {
        this.repository = repository;
        this.caller = caller;
    }

    /** {@code count} new ids of the community. */
    public Uni<List<Long>> createIds(String community, int count) {
        return requireCommunity(community).flatMap(x -> insertIds(community, count, new ArrayList<>(), 0));
    }

    private Uni<List<Long>> insertIds(String community, int count, List<Long> created, int attempt) {
        if (created.size() == count) {
            return Uni.createFrom().item(created);
        }
        if (attempt == MAX_ID_ATTEMPTS) {
            return Uni.createFrom().failure(new IllegalStateException("No free random ids after " + attempt + " tries"));
        }
        Set<Long> candidates = new LinkedHashSet<>();
        while (candidates.size() < count - created.size()) {
            candidates.add(RandomIds.next()); // random: ids cannot be guessed or counted
        }
        return repository.insertIdentities(community, List.copyOf(candidates)).flatMap(inserted -> {
            created.addAll(inserted);
            return insertIds(community, count, created, attempt + 1);
        });
    }

    /** The secondary's whole group joins the primary's group; accounts stay where they are. */
    public Uni<Void> mergeIds(long primaryId, long secondaryId) {
        Caller driver = caller.caller(); // read on the request's thread, before any continuation
        return repository.inTransaction(tx -> {
            // locked in id order, so two merges of the same pair cannot deadlock
            long first = Math.min(primaryId, secondaryId);
            long second = Math.max(primaryId, secondaryId);
            return repository.find(tx, first, true).flatMap(a -> repository.find(tx, second, true).flatMap(b -> {
                IdentityRow primary = existing(primaryId == first ? a : b, primaryId);
                IdentityRow secondary = existing(secondaryId == first ? a : b, secondaryId);
                if (!driver.mayUse(primary.owner()) || !driver.mayUse(secondary.owner())) {
                    throw ApiException.notFound("No identity "
                            + (driver.mayUse(primary.owner()) ? secondaryId : primaryId));
                }
                if (!primary.community().equals(secondary.community())) {
                    throw ApiException.badRequest("Ids " + primaryId + " and " + secondaryId
                            + " belong to different communities; only ids of one community can be merged");
                }
                if (primary.primaryId() == secondary.primaryId()) {
                    return Uni.createFrom().voidItem();
                }
                return repository.regroup(tx, secondary.primaryId(), primary.primaryId()).replaceWithVoid();
            }));
        });
    }

    /** The linked account; 409 when the community has this account linked already. */
    public Uni<ObjectNode> linkAccount(LinkedAccountRow wanted) {
        return requireCommunity(wanted.community()).flatMap(x -> link(wanted)).map(linked -> {
            if (!linked.created()) {
                throw ApiException.conflict("The account " + describe(wanted) + " is already linked to id "
                        + linked.account().externalId());
            }
            return IdentityView.account(linked.account());
        });
    }

    /** What {@link #link} did: a new link, or the one that was already there (maybe of another id). */
    public record Linked(boolean created, LinkedAccountRow account) {
    }

    /** A plugin's link (identity-commands): for its community, whoever owns it. */
    public Uni<Linked> link(LinkedAccountRow wanted) {
        return requireExisting(wanted.community())
                .flatMap(x -> repository.find(wanted.externalId()))
                .map(found -> inCommunity(found, wanted.externalId(), wanted.community()))
                .flatMap(x -> repository.insertAccount(wanted))
                .flatMap(inserted -> inserted.isPresent()
                        ? Uni.createFrom().item(new Linked(true, inserted.get()))
                        : repository.findAccount(wanted.community(), wanted.platformType(),
                                wanted.platformIdentifier(), wanted.communityPlatformId())
                                .map(existing -> new Linked(false, existing.orElseThrow(() -> ApiException.conflict(
                                        "The account " + describe(wanted) + " was linked and unlinked meanwhile; retry")))));
    }

    public Uni<Boolean> unlinkAccount(String community, String platformType, String platformIdentifier,
            String communityPlatformId) {
        return requireCommunity(community)
                .flatMap(x -> repository.deleteAccount(community, platformType, platformIdentifier,
                        communityPlatformId))
                .map(deleted -> {
                    if (deleted == 0) {
                        throw ApiException.notFound("No account " + describe(platformType, platformIdentifier,
                                communityPlatformId) + " is linked in community '" + community + "'");
                    }
                    return true;
                });
    }

    public Uni<ObjectNode> getUser(long externalId) {
        Caller driver = caller.caller();
        return repository.find(externalId).map(found -> visible(driver, found, externalId))
                .flatMap(id -> repository.accountsOfGroups(List.of(id.primaryId()))
                        .map(accounts -> IdentityView.user(externalId, id.primaryId(), accounts)));
    }

    /** Without filters every primary of the community; with them the primaries of the groups with a match. */
    public Uni<ArrayNode> getUsers(String community, AccountFilter filter) {
        return requireCommunity(community)
                .flatMap(x -> filter.isEmpty() ? repository.primaries(community)
                        : repository.primariesMatching(community, filter))
                .flatMap(primaries -> repository.accountsOfGroups(primaries).map(accounts -> {
                    Map<Long, List<LinkedAccountRow>> byGroup = byGroup(accounts);
                    ArrayNode users = EventJson.MAPPER.createArrayNode();
                    primaries.forEach(p -> users.add(IdentityView.user(p, p, byGroup.getOrDefault(p, List.of()))));
                    return users;
                }));
    }

    /**
     * The listed ids (all of the community) whose groups have at least one account matching the filters; without
     * filters every listed id, accounts or not, as upstream's {@code filter_users_by_account} does.
     */
    public Uni<ArrayNode> filterUsersByAccount(String community, List<Long> externalIds, AccountFilter filter) {
        return requireCommunity(community).flatMap(x -> repository.findAll(externalIds)).flatMap(found -> {
            Map<Long, IdentityRow> ids = found.stream().filter(r -> r.community().equals(community))
                    .collect(Collectors.toMap(IdentityRow::externalId, r -> r));
            List<Long> unknown = externalIds.stream().filter(id -> !ids.containsKey(id)).toList();
            if (!unknown.isEmpty()) {
                throw new ApiException(404, "not_found", "No identity " + unknown + " in community '" + community
                        + "'", unknown);
            }
            List<Long> primaries = ids.values().stream().map(IdentityRow::primaryId).distinct().toList();
            return repository.accountsOfGroups(primaries).map(accounts -> {
                Map<Long, List<LinkedAccountRow>> byGroup = byGroup(accounts);
                ArrayNode users = EventJson.MAPPER.createArrayNode();
                for (long id : externalIds) {
                    long primary = ids.get(id).primaryId();
                    List<LinkedAccountRow> group = byGroup.getOrDefault(primary, List.of());
                    if (filter.isEmpty() || group.stream().anyMatch(filter::matches)) {
                        users.add(IdentityView.user(id, primary, group));
                    }
                }
                return users;
            });
        });
    }

    /** The id's (or its group's) account on the platform, or {@code {}}; no platform id matches no platform id. */
    public Uni<JsonNode> getLinkedAccount(long externalId, String platformType, String communityPlatformId) {
        Caller driver = caller.caller();
        return repository.find(externalId).map(found -> visible(driver, found, externalId))
                .flatMap(id -> repository.accountsOfGroups(List.of(id.primaryId())))
                .map(accounts -> accounts.stream()
                        .filter(a -> a.platformType().equals(platformType)
                                && java.util.Objects.equals(a.communityPlatformId(), communityPlatformId))
                        .findFirst()
                        .<JsonNode>map(IdentityView::account)
                        .orElseGet(EventJson.MAPPER::createObjectNode));
    }

    /** The caller's community (any, for an administrator); another driver's is answered as an unknown one. */
    private Uni<Void> requireCommunity(String community) {
        if (!community.matches(CommunityRequest.SLUG_PATTERN)) {
            return Uni.createFrom().failure(notFoundCommunity(community));
        }
        Caller driver = caller.caller();
        return repository.communityOwner(community).map(owner -> {
            if (owner.isEmpty() || !driver.mayUse(owner.get())) {
                throw notFoundCommunity(community);
            }
            return null;
        });
    }

    private Uni<Void> requireExisting(String community) {
        if (!community.matches(CommunityRequest.SLUG_PATTERN)) {
            return Uni.createFrom().failure(notFoundCommunity(community));
        }
        return repository.communityExists(community).map(exists -> {
            if (!exists) {
                throw notFoundCommunity(community);
            }
            return null;
        });
    }

    /** The id, when it is of one of the caller's communities; another driver's id is answered as unknown. */
    private static IdentityRow visible(Caller driver, Optional<IdentityRow> found, long externalId) {
        return existing(found.filter(r -> driver.mayUse(r.owner())), externalId);
    }

    private static ApiException notFoundCommunity(String community) {
        return ApiException.notFound("Community '" + community + "' does not exist");
    }

    private static IdentityRow existing(Optional<IdentityRow> found, long externalId) {
        return found.orElseThrow(() -> ApiException.notFound("No identity " + externalId));
    }

    private static IdentityRow inCommunity(Optional<IdentityRow> found, long externalId, String community) {
        return found.filter(r -> r.community().equals(community)).orElseThrow(
                () -> ApiException.notFound("No identity " + externalId + " in community '" + community + "'"));
    }

    private static Map<Long, List<LinkedAccountRow>> byGroup(List<LinkedAccountRow> accounts) {
        return accounts.stream().collect(Collectors.groupingBy(LinkedAccountRow::primaryId, LinkedHashMap::new,
                Collectors.toList()));
    }

    private static String describe(LinkedAccountRow a) {
        return describe(a.platformType(), a.platformIdentifier(), a.communityPlatformId());
    }

    private static String describe(String platformType, String platformIdentifier, String communityPlatformId) {
        return platformType + ":" + platformIdentifier + (communityPlatformId == null ? "" : "@" + communityPlatformId);
    }
}
