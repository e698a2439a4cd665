package org.metagov.runner.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.metagov.events.PluginDescriptor;

/**
 * The catalog version this runner publishes its plugins with: its build time (yyyyMMddHHmmss as a number, written
 * into {@code metagov-build.properties} by Maven), so a replica of an older build that restarts during a rolling
 * upgrade cannot overwrite the newer schemas in the caches, where a newer version wins.
 */
final class CatalogVersion {

    static final long VERSION = read();

    private CatalogVersion() {
    }

    static PluginDescriptor stamp(PluginDescriptor d) {
        return d.withCatalogVersion(VERSION);
    }

    private static long read() {
        try (InputStream in = CatalogVersion.class.getResourceAsStream("/metagov-build.properties")) {
            if (in == null) {
                return 0;
            }
            Properties props = new Properties();
            props.load(in);
            return Long.parseLong(props.getProperty("build.time", "0").trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return 0; // not filtered (an IDE build): the oldest version, still accepted when nothing newer is known
        }
    }
}
