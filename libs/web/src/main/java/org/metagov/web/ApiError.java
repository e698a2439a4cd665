package org.metagov.web;

import java.util.List;

/** The body of every error answer: a stable code, a human message, and details (for example schema errors). */
public record ApiError(String error, String message, List<?> details) {
}
