package org.metagov.bench.cli;

import java.util.HashMap;
import java.util.Map;

/** A command's options: {@code --name value} (a bare {@code --flag} is "true") or {@code name=value}. */
public final class Options {
    private final Map<String, String> values = new HashMap<>();

    /** Parses argv from index {@code from} on (index 0 is the command). */
    public Options(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            String arg = argv[i];
            if (arg.startsWith("--")) {
                String key = arg.substring(2);
                String value = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
                values.put(key, value);
            } else if (arg.indexOf('=') > 0) {
                values.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
        }
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String str(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    public int integer(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    public double dbl(String key, double fallback) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
    }
}
