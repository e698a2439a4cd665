package org.metagov.bench.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.metagov.bench.receiver.Attempt;

/**
 * One pass over the receiver's attempts in arrival order: ids, order, duplicates, retries and gaps.
 * <ul>
 * <li>ids: every (community, seq) reached the driver with a 2xx, under exactly one webhook-id, and the number of
 * distinct webhook-ids delivered equals the number of hooks;</li>
 * <li>order: per community, leaving out redeliveries (a 2xx for a webhook-id already delivered), every attempt
 * carries the last delivered seq + 1 (the next one or a retry of it): never one further ahead, never an earlier one
 * under a new id.</li>
 * </ul>
 */
final class DeliveryAnalysis {
    static final int MAX_PROBLEMS = 30;

    final List<Attempt> attempts;
    final Set<String> delivered = new HashSet<>();
    final List<String> problems = new ArrayList<>();
    long injected;
    long retries;
    long duplicates;
    long orderViolations;
    long maxGapUs;
    long maxGapAtUs;
    long firstSentUs = Long.MAX_VALUE;
    long lastDeliveredUs;
    long worstCommunityGapUs;
    long missing;
    long multiId;

    /** attempts: sorted by arrival. */
    DeliveryAnalysis(List<Attempt> attempts, String run, int communities, int perCommunity) {
        this.attempts = attempts;
        Map<String, String> idToKey = new HashMap<>();
        Map<String, Set<String>> keyToIds = new HashMap<>();
        Set<String> failedBefore = new HashSet<>();
        Map<String, Long> lastFirst = new HashMap<>(); // community -> last first-delivered seq
        Map<String, Long> lastFirstUs = new HashMap<>();
        long prevUs = -1;
        for (Attempt a : attempts) {
            String key = a.community() + "#" + a.seq();
            firstSentUs = Math.min(firstSentUs, a.sentUs());
            if (prevUs >= 0 && a.receivedUs() - prevUs > maxGapUs) {
                maxGapUs = a.receivedUs() - prevUs;
                maxGapAtUs = prevUs;
            }
            prevUs = a.receivedUs();
            String known = idToKey.putIfAbsent(a.id(), key);
            if (known != null && !known.equals(key)) {
                problems.add("webhook-id " + a.id() + " carried both " + known + " and " + key);
            }
            keyToIds.computeIfAbsent(key, x -> new HashSet<>()).add(a.id());
            if (a.status() == 500) {
                injected++;
            }
            boolean isDelivery = a.delivered();
            if (!delivered.contains(a.id()) && failedBefore.contains(a.id())) {
                retries++;
            }
            if (!isDelivery) {
                failedBefore.add(a.id());
            }
            long last = lastFirst.getOrDefault(a.community(), 0L);
            if (delivered.contains(a.id())) {
                if (isDelivery) {
                    duplicates++; // a redelivery of an event the driver already has: allowed
                }
                continue;
            }
            // not delivered before: it must be the next in its community
            if (a.seq() > last + 1) {
                orderViolations++;
                problem(String.format(Locale.ROOT, "order: %s seq %d %s while seq %d was the last delivered",
                        a.community(), a.seq(), isDelivery ? "delivered" : "attempted", last));
            } else if (a.seq() <= last) {
                problem(String.format(Locale.ROOT, "order: %s seq %d first %s after seq %d (new id %s)",
                        a.community(), a.seq(), isDelivery ? "delivered" : "attempted", last, a.id()));
                orderViolations++;
            }
            if (isDelivery) {
                delivered.add(a.id());
                lastFirst.put(a.community(), Math.max(last, a.seq()));
                Long prev = lastFirstUs.put(a.community(), a.receivedUs());
                if (prev != null) {
                    worstCommunityGapUs = Math.max(worstCommunityGapUs, a.receivedUs() - prev);
                }
                lastDeliveredUs = Math.max(lastDeliveredUs, a.receivedUs());
            }
        }
        for (int c = 0; c < communities; c++) {
            String community = "bench-f-" + run + "-" + c;
            for (int s = 1; s <= perCommunity; s++) {
                Set<String> ids = keyToIds.get(community + "#" + s);
                if (ids == null || ids.stream().noneMatch(delivered::contains)) {
                    missing++;
                    problem("missing: " + community + " seq " + s
                            + (ids == null ? " never attempted" : " attempted, never delivered"));
                } else if (ids.size() > 1) {
                    multiId++;
                    problem("one hook, several webhook-ids: " + community + " seq " + s + " " + ids);
                }
            }
        }
    }

    private void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        }
    }

    boolean idsOk(int expected) {
        return delivered.size() == expected && missing == 0 && multiId == 0;
    }

    boolean orderOk() {
        return orderViolations == 0;
    }

    /**
     * The longest pause, starting within 2 s of the kill, in what the killed service does: the dispatcher's POSTs
     * (receipt times), the runner's events (their own publish timestamps); microseconds.
     */
    long pauseAfter(long killUs, boolean runner) {
        long[] times = attempts.stream().mapToLong(a -> runner ? a.eventUs() : a.receivedUs()).filter(t -> t > 0)
                .sorted().distinct().toArray();
        long stall = 0;
        for (int i = 1; i < times.length; i++) {
            if (times[i] > killUs && times[i - 1] <= killUs + 2_000_000L
                    && times[i] - Math.max(times[i - 1], killUs) > stall) {
                stall = times[i] - Math.max(times[i - 1], killUs);
            }
        }
        return stall;
    }
}
