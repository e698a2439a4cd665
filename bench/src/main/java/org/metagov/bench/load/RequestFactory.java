package org.metagov.bench.load;

/** Builds request i; intendedEpochMicros is the wall-clock time request i is meant to leave. */
@FunctionalInterface
public interface RequestFactory {
    byte[] build(long i, long intendedEpochMicros);
}
