package org.metagov.web;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Says what is wrong with a body Jackson could not read in the caller's terms (where, and what was expected),
 * never in Jackson's (its messages name Java types, tokens and classes).
 */
final class JsonProblems {

    private JsonProblems() {
    }

    static String describe(JacksonException e) {
        if (e instanceof StreamReadException) {
            return "The body is not valid JSON" + at(e.getLocation());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()
                && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("No content")) {
            return "The body is empty; expected JSON";
        }
        String field = e instanceof DatabindException databind ? field((JsonMappingException) databind) : "";
        String subject = field.isEmpty() ? "The body" : "Field '" + field + "'";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + (field.isEmpty() ? unknown.getPropertyName() : field) + "'";
        }
        if (e instanceof ValueInstantiationException instantiation) {
            // a record's own check (IllegalArgumentException) speaks to the caller; anything else is ours
            Throwable cause = instantiation.getCause();
            String reason = cause != null && cause.getClass() == IllegalArgumentException.class
                    ? cause.getMessage() : null;
            return subject + " is invalid" + (reason == null ? "" : ": " + reason);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return subject + " must be " + kind(mismatch.getTargetType());
        }
        return subject + " has an invalid value";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return ": line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String kind(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> "'" + c + "'")
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date-time like 2024-01-31T12:00:00Z";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a value of another type";
    }
}
