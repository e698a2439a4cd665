package org.metagov.sdk.process;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Seed 001's {@code ProcessStatus}: a process starts {@code created}, runs {@code pending}, ends {@code completed}. */
public enum ProcessStatus {
    CREATED, PENDING, COMPLETED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProcessStatus of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
