package org.metagov.bench.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import org.metagov.bench.cli.Options;

/**
 * Where each service's CPU goes, from the JDK Flight Recorder files {@code run.sh} writes with {@code JFR_DIR} set
 * (one {@code <service>.jfr} each): the execution samples ({@code jdk.ExecutionSample}, Java code on CPU) counted by
 * component. A sample is charged to the component of its innermost frame that is not generic JDK code
 * ({@code java.util}, {@code java.lang}, ...), so a HashMap lookup inside Jackson counts as JSON; a stack of JDK code
 * only is "JDK". Native samples and GC are not in these events: the share is of Java CPU time.
 *
 * <pre>
 *   BenchMain jfr-summary --dir /tmp/bench-run/jfr [--top 8]
 * </pre>
 */
public final class JfrSummary {

    /** Components by package prefix; the first match wins, so narrower prefixes come first. */
    private static final String[][] COMPONENTS = {
        {"org.metagov.", "ours"},
        {"com.fasterxml.jackson.", "JSON"},
        {"com.networknt.schema.", "JSON Schema"},
        {"org.apache.kafka.", "Kafka client"},
        {"io.smallrye.reactive.messaging.", "Reactive Messaging"},
        {"jdk.internal.net.http.", "JDK HTTP client"},
        {"java.net.http.", "JDK HTTP client"},
        {"com.sun.crypto.", "crypto"},
        {"javax.crypto.", "crypto"},
        {"sun.security.", "crypto"},
        {"java.security.", "crypto"},
        {"org.jboss.logmanager.", "logging"},
        {"org.jboss.logging.", "logging"},
        {"io.netty.", "Netty"},
        {"io.vertx.pgclient.", "PostgreSQL client"},
        {"io.vertx.sqlclient.", "PostgreSQL client"},
        {"io.vertx.", "Vert.x"},
        {"org.jboss.resteasy.", "Quarkus REST"},
        {"io.quarkus.", "Quarkus"},
        {"io.smallrye.mutiny.", "Mutiny"},
        {"org.hibernate.", "Hibernate"},
        {"org.postgresql.", "PostgreSQL client"},
        {"io.micrometer.", "Micrometer"},
        {"io.opentelemetry.", "OpenTelemetry"},
        {"sun.nio.", "JDK I/O"},
        {"java.nio.", "JDK I/O"},
        {"java.io.", "JDK I/O"},
        {"java.util.zip.", "compression"},
    };
    /** Generic JDK code: charged to the caller's component. */
    private static final String[] GENERIC = {"java.", "jdk.", "sun.", "com.sun."};

    private JfrSummary() {
    }

    public static int run(Options options) throws IOException {
        Path dir = Path.of(options.required("dir"));
        int top = options.integer("top", 8);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        if (files.isEmpty()) {
            System.err.println("no .jfr files in " + dir);
            return 1;
        }
        for (Path file : files) {
            Map<String, Long> byComponent = new TreeMap<>();
            Map<String, Long> ourMethods = new TreeMap<>();
            long total = 0;
            try (RecordingFile recording = new RecordingFile(file)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent event = recording.readEvent();
                    if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                        continue;
                    }
                    RecordedStackTrace stack = event.getStackTrace();
                    if (stack == null) {
                        continue;
                    }
                    total++;
                    byComponent.merge(component(stack.getFrames()), 1L, Long::sum);
                    String ours = innermostOurs(stack.getFrames());
                    if (ours != null) {
                        ourMethods.merge(ours, 1L, Long::sum);
                    }
                }
            }
            String name = file.getFileName().toString().replace(".jfr", "");
            System.out.printf("%-24s %7d samples: %s%n", name, total, shares(byComponent, total, top));
            if (!ourMethods.isEmpty()) {
                System.out.printf("%-24s %15s  our code (innermost frame, in any sample): %s%n", "", "",
                        shares(ourMethods, total, 5));
            }
        }
        return 0;
    }

    static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) { // innermost first
            if (!frame.isJavaFrame()) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            String component = componentOf(type);
            if (component != null) {
                return component;
            }
            if (!isGeneric(type)) {
                return "other libraries";
            }
        }
        return "JDK";
    }

    static String componentOf(String type) {
        for (String[] entry : COMPONENTS) {
            if (type.startsWith(entry[0])) {
                return entry[1];
            }
        }
        return null;
    }

    private static boolean isGeneric(String type) {
        for (String prefix : GENERIC) {
            if (type.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String innermostOurs(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.isJavaFrame() && frame.getMethod().getType().getName().startsWith("org.metagov.")) {
                String type = frame.getMethod().getType().getName();
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return null;
    }

    private static String shares(Map<String, Long> counts, long total, int top) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, String> shown = new LinkedHashMap<>();
        long rest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < top) {
                shown.put(sorted.get(i).getKey(), String.format("%.0f %%", 100.0 * sorted.get(i).getValue() / total));
            } else {
                rest += sorted.get(i).getValue();
            }
        }
        StringBuilder line = new StringBuilder();
        shown.forEach((k, v) -> line.append(line.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        if (rest > 0) {
            line.append(String.format(", rest %.0f %%", 100.0 * rest / total));
        }
        return line.toString();
    }
}
