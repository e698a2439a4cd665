package org.metagov.metastore.storage;

import org.metagov.metastore.error.MetastoreException;

/**
 * A compare-and-swap write lost: the branch no longer points at the revision the write was based on.
 * Nothing was written. The service turns this into 412 (client sent If-Match) or retries.
 */
public class StaleRevisionException extends MetastoreException {

    public StaleRevisionException(String expected, String actual) {
        super(412, "precondition_failed", "The dataset has changed: the write was based on " + expected
                + " but the latest revision is " + actual);
    }
}
