package org.metagov.dispatcher.subscription;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.metagov.events.DriverEvent;

/**
 * Every subscription: the built-in {@code local-default} and the ones drivers manage. An event goes only to
 * subscriptions of the driver that owns its community ({@link CommunityOwners}) whose communities and filters match.
 */
@ApplicationScoped
public class AllSubscriptions implements Subscriptions {

    private final ConfiguredSubscriptions configured;
    private final DriverSubscriptions managed;
    private final CommunityOwners owners;

    public AllSubscriptions(ConfiguredSubscriptions configured, DriverSubscriptions managed, CommunityOwners owners) {
        this.configured = configured;
        this.managed = managed;
        this.owners = owners;
    }

    @Override
    public List<Subscription> all() {
        List<Subscription> driverManaged = managed.all();
        if (driverManaged.isEmpty()) {
            return configured.all();
        }
        List<Subscription> all = new ArrayList<>(configured.all());
        all.addAll(driverManaged);
        return all;
    }

    /** Only events of the subscription's own driver's communities (the owner as the communities topic says now). */
    @Override
    public boolean receives(Subscription subscription, DriverEvent event) {
        return subscription.driver().equals(owners.ownerOf(event.community())) && subscription.matches(event);
    }

    /** Whether both topics were read to their end: before that, a subscription or an owner could be missing. */
    public boolean caughtUp() {
        return managed.caughtUp() && owners.caughtUp();
    }

    /** Runs once both topics were read to their end. */
    public void whenCaughtUp(Runnable action) {
        managed.whenCaughtUp(() -> owners.whenCaughtUp(action));
    }

    /** Told of every change of a driver's subscription. */
    public void onChange(Runnable action) {
        managed.onChange(action);
    }
}
