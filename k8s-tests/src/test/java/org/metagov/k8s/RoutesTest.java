package org.metagov.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * What the base publishes to the world: exactly the routes drivers and platforms need, the same on the Ingress and
 * on the HTTPRoute; the documents only through components/docs-routes; the trusted gateway through no route.
 */
class RoutesTest {

    /** "type path" of every published route, types as the Ingress spells them. */
    static final Set<String> PUBLIC = Set.of("Prefix /api/hooks", "Prefix /auth", "Prefix /api/action",
            "Exact /.well-known/jwks.json", "Prefix /api/internal");

    final Manifests base = Manifests.of("base");

    @Test
    void theIngressPublishesExactlyHooksOAuthPublicActionsKeysAndTheTokenProtectedApi() {
        JsonNode ingress = base.get("Ingress", "gateway-service");
        assertEquals(new TreeSet<>(PUBLIC), ingressRoutes(ingress));
        for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
            assertEquals("gateway-service", path.at("/backend/service/name").asText());
        }
    }

    @Test
    void theHttpRoutePublishesTheSameRoutesAsTheIngress() {
        JsonNode route = base.get("HTTPRoute", "gateway-service");
        Set<String> routes = new TreeSet<>();
        for (JsonNode rule : route.at("/spec/rules")) {
            for (JsonNode backend : rule.path("backendRefs")) {
                assertEquals("gateway-service", backend.path("name").asText());
                assertEquals(8080, backend.path("port").asInt());
            }
            for (JsonNode match : rule.path("matches")) {
                String type = match.at("/path/type").asText();
                routes.add(("PathPrefix".equals(type) ? "Prefix" : type) + " " + match.at("/path/value").asText());
            }
        }
        assertEquals(new TreeSet<>(PUBLIC), routes);
        assertFalse(route.at("/spec/parentRefs").isEmpty(), "the HTTPRoute attaches to no Gateway");
    }

    @Test
    void theDocumentsArePublishedOnlyWhereAnOverlayAddsDocsRoutes() {
        for (String path : new String[] {"/swagger", "/q/openapi", "/redoc", "/q/health", "/q/metrics"}) {
            assertTrue(ingressRoutes(base.get("Ingress", "gateway-service")).stream()
                    .noneMatch(r -> r.endsWith(" " + path)), path + " is public in the base");
        }
        String patches = Manifests.kustomization("components/docs-routes").path("patches").toString();
        for (String target : new String[] {"\"kind\":\"Ingress\"", "\"kind\":\"HTTPRoute\""}) {
            assertTrue(patches.contains(target), "docs-routes does not patch the " + target);
        }
        for (String path : new String[] {"/swagger", "/q/openapi", "/redoc"}) {
            assertTrue(patches.contains("path: " + path) && patches.contains("value: " + path),
                    "docs-routes does not add " + path + " to both");
        }
        assertTrue(Manifests.kustomization("overlays/prod").path("components").isMissingNode()
                || !Manifests.kustomization("overlays/prod").path("components").toString().contains("docs-routes"),
                "prod publishes the documents");
    }

    @Test
    void theTrustedGatewayHasAServiceThatNoIngressOrHttpRouteReaches() {
        Manifests all = Manifests.of("base", "components/trusted-callers", "components/docs-routes");
        JsonNode service = all.get("Service", "gateway-trusted");
        assertEquals("gateway-trusted", service.at("/spec/selector/app.kubernetes.io~1name").asText());
        for (JsonNode ingress : all.all("Ingress")) {
            assertFalse(ingress.toString().contains("gateway-trusted"), "an Ingress reaches the trusted gateway");
        }
        for (JsonNode route : all.all("HTTPRoute")) {
            assertFalse(route.toString().contains("gateway-trusted"), "an HTTPRoute reaches the trusted gateway");
        }
        assertFalse(Manifests.kustomization("components/docs-routes").toString().contains("gateway-trusted"));
        // the public gateway trusts no address but its own pod's loopback (the default)
        assertFalse(base.get("Deployment", "gateway-service").toString().contains("METAGOV_TRUSTED_NETWORKS"));
        assertTrue(all.get("Deployment", "gateway-trusted").toString().contains("METAGOV_TRUSTED_NETWORKS"));
    }

    private static Set<String> ingressRoutes(JsonNode ingress) {
        Set<String> routes = new TreeSet<>();
        for (JsonNode rule : ingress.at("/spec/rules")) {
            for (JsonNode path : rule.at("/http/paths")) {
                routes.add(path.path("pathType").asText() + " " + path.path("path").asText());
            }
        }
        return routes;
    }
}
