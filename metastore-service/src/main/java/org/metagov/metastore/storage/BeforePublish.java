package org.metagov.metastore.storage;

/**
 * Called by a backend once a new revision's objects are written and before the ref that publishes it moves: the
 * change feed records its intent here, so a crash between "ref moved" and "event recorded" can be reconciled at start.
 * An exception thrown here aborts the write (nothing becomes visible).
 */
@FunctionalInterface
public interface BeforePublish {

    BeforePublish NOTHING = revision -> {
    };

    void written(String revision);
}
