package org.metagov.outbox;

/** The dead-letter table every outbox needs beside it; services' Flyway migrations create it with this shape. */
public final class OutboxSchema {

    private OutboxSchema() {
    }

    /** DDL of {@code <outbox>_dead_letter}, as the migrations write it (kept here for tests and as the reference). */
    public static String deadLetterTable(String outbox) {
        return "CREATE TABLE " + outbox + "_dead_letter (id BIGSERIAL PRIMARY KEY, outbox_id BIGINT NOT NULL, "
                + "record_key TEXT NOT NULL, payload TEXT, reason TEXT NOT NULL, holds_key BOOLEAN NOT NULL, "
                + "failed_at TIMESTAMPTZ NOT NULL DEFAULT now())";
    }
}
