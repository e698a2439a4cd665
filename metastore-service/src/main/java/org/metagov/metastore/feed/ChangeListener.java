package org.metagov.metastore.feed;

/**
 * Told of every event after it is durable, in the order of the log, on the thread that recorded it: keep it short
 * (hand work to your own thread) and do not throw.
 */
public interface ChangeListener {

    void recorded(ChangeEvent event);
}
