package org.metagov.dispatcher.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

import org.metagov.dispatcher.repository.DeadLetters;
import org.metagov.dispatcher.subscription.Subscription;
import org.metagov.events.DriverEvent;
import org.metagov.web.ApiException;

/** A subscription's dead letters: listed a page at a time, and one delivered again on request. */
@ApplicationScoped
public class DeadLetterService {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public record Page(List<DeadLetters.Letter> items, String next) {
    }

    private final ReplayService replays;
    private final DeadLetters letters;
    private final EventDelivery delivery;
    private final GiveUps giveUps;
    private final DeliveryWorkers workers;
    /** Dead letters being retried in this replica: a second retry of one waits for the first. */
    private final Set<Long> retrying = ConcurrentHashMap.newKeySet();

    public DeadLetterService(ReplayService replays, DeadLetters letters, EventDelivery delivery, GiveUps giveUps,
            DeliveryWorkers workers) {
        this.replays = replays;
        this.letters = letters;
        this.delivery = delivery;
        this.giveUps = giveUps;
        this.workers = workers;
    }

    public Page page(String subscriptionId, String limit, String cursor) {
        replays.subscription(subscriptionId);
        int size = limit(limit);
        long after = cursor == null || cursor.isBlank() ? 0 : position(cursor);
        List<DeadLetters.Letter> items = letters.page(subscriptionId, after, size + 1);
        if (items.size() <= size) {
            return new Page(items, null);
        }
        List<DeadLetters.Letter> page = items.subList(0, size);
        return new Page(page, cursor(page.get(size - 1).id()));
    }

    /** Delivers the dead letter again in the background, with the full retry schedule; it goes when delivered. */
    public DeadLetters.Letter retry(String subscriptionId, String eventId) {
        Subscription subscription = replays.subscription(subscriptionId);
        DeadLetters.Letter letter = letters.find(subscriptionId, eventId).orElseThrow(() -> ApiException.notFound(
                "No dead letter of event " + eventId + " for subscription " + subscriptionId));
        DriverEvent event = EventRecords.read(letter.event(), letter.community());
        if (event == null) {
            throw ApiException.conflict("Dead letter " + eventId + " holds no readable event");
        }
        if (!retrying.add(letter.id())) {
            throw ApiException.conflict("Dead letter " + eventId + " is being retried already");
        }
        Delivery d = new Delivery(subscription, letter.eventId(), event, letter.event(), -1, -1, letter.receivedAt());
        workers.execute(() -> {
            try {
                EventDelivery.Result result = delivery.deliver(subscription, d.webhookId(), event, d.receivedAt(),
                        DeadLetterService::sleep);
                if (result.status() == EventDelivery.Status.DELIVERED) {
                    letters.delete(letter.id());
                    Log.infof("Dead letter %s of subscription %s delivered on retry", eventId, subscriptionId);
                } else if (result.status() == EventDelivery.Status.DEAD_LETTER) {
                    giveUps.record(d, result.deadLetter(), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Log.errorf(e, "Retry of dead letter %s failed; it stays", eventId);
            } finally {
                retrying.remove(letter.id());
            }
        });
        return letter;
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, "invalid_limit", "limit must be an integer from 1 to " + MAX_LIMIT
                + "; got '" + limit + "'");
    }

    static String cursor(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("dl:" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long position(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (decoded.startsWith("dl:")) {
                return Long.parseLong(decoded.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ApiException(400, "invalid_cursor", "The cursor is malformed; pass back the 'next' value of the "
                + "previous page");
    }

    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
