package org.metagov.outbound;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A complete answer: status, headers (names case-insensitive), the whole body (within the size limit). */
public record OutboundResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public OutboundResponse {
        TreeMap<String, List<String>> insensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> insensitive.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(insensitive);
    }

    public boolean isSuccess() {
        return status / 100 == 2;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
