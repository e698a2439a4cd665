package org.metagov.gateway.rest;

import java.util.Map;
import java.util.TreeMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.metagov.gateway.messaging.PluginCatalog;

/** The config schema of every plugin in the catalog, by plugin name; {@code {}} for one without (as upstream). */
@Path("/api/internal/plugin-schemas")
@Produces(MediaType.APPLICATION_JSON)
public class PluginMetadataResource {

    private final PluginCatalog catalog;

    public PluginMetadataResource(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public Map<String, Object> schemas() {
        Map<String, Object> schemas = new TreeMap<>();
        catalog.all().forEach(p -> schemas.put(p.name(), PluginMetadataView.configSchema(p)));
        return schemas;
    }
}
