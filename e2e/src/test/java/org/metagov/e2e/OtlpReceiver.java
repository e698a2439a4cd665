package org.metagov.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * An OpenTelemetry collector as far as the test needs one: it accepts OTLP/HTTP protobuf trace exports
 * ({@code POST /v1/traces}, what the services send with {@code OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf}) and keeps
 * each span's trace id, span id, parent, name and the exporting service ({@code service.name}). The protobuf of
 * {@code ExportTraceServiceRequest} is read by hand: only the few fields above, every other field skipped.
 */
final class OtlpReceiver {

    record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    static final List<ExportedSpan> SPANS = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    private OtlpReceiver() {
    }

    static synchronized String endpoint() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/v1/traces", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                        body = in.readAllBytes();
                    }
                }
                SPANS.addAll(decode(body));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
                exchange.close();
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static List<ExportedSpan> ofTrace(String traceId) {
        return SPANS.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    /** ExportTraceServiceRequest: 1 resource_spans (ResourceSpans: 1 resource, 2 scope_spans (2 spans)). */
    static List<ExportedSpan> decode(byte[] request) {
        List<ExportedSpan> spans = new ArrayList<>();
        for (Field resourceSpans : fields(request)) {
            if (resourceSpans.number != 1) {
                continue;
            }
            String service = "?";
            List<byte[]> rawSpans = new ArrayList<>();
            for (Field f : fields(resourceSpans.bytes)) {
                if (f.number == 1) { // Resource: 1 attributes (KeyValue: 1 key, 2 AnyValue: 1 string_value)
                    for (Field attribute : fields(f.bytes)) {
                        if (attribute.number == 1) {
                            String key = null;
                            String value = null;
                            for (Field kv : fields(attribute.bytes)) {
                                if (kv.number == 1) {
                                    key = kv.string();
                                } else if (kv.number == 2) {
                                    for (Field any : fields(kv.bytes)) {
                                        if (any.number == 1) {
                                            value = any.string();
                                        }
                                    }
                                }
                            }
                            if ("service.name".equals(key)) {
                                service = value;
                            }
                        }
                    }
                } else if (f.number == 2) { // ScopeSpans: 2 spans
                    for (Field s : fields(f.bytes)) {
                        if (s.number == 2) {
                            rawSpans.add(s.bytes);
                        }
                    }
                }
            }
            for (byte[] raw : rawSpans) {
                String trace = "";
                String span = "";
                String parent = "";
                String name = "";
                for (Field f : fields(raw)) {
                    switch (f.number) {
                        case 1 -> trace = HexFormat.of().formatHex(f.bytes);
                        case 2 -> span = HexFormat.of().formatHex(f.bytes);
                        case 4 -> parent = HexFormat.of().formatHex(f.bytes);
                        case 5 -> name = f.string();
                        default -> {
                        }
                    }
                }
                spans.add(new ExportedSpan(service, trace, span, parent, name));
            }
        }
        return spans;
    }

    /** A field of a protobuf message; {@code bytes} only for length-delimited ones (wire type 2). */
    private record Field(int number, byte[] bytes) {
        String string() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static List<Field> fields(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            long key = varint(message, pos);
            int number = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> varint(message, pos);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    int length = (int) varint(message, pos);
                    byte[] bytes = new byte[length];
                    System.arraycopy(message, pos[0], bytes, 0, length);
                    pos[0] += length;
                    fields.add(new Field(number, bytes));
                }
                default -> throw new IllegalArgumentException("unexpected wire type in OTLP protobuf");
            }
        }
        return fields;
    }

    private static long varint(byte[] buffer, int[] pos) {
        long value = 0;
        for (int shift = 0;; shift += 7) {
            byte b = buffer[pos[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
