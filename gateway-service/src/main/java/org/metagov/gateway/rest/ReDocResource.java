package org.metagov.gateway.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * ReDoc over the gateway's OpenAPI document. The script comes from the {@code org.webjars:redoc} jar, which
 * Quarkus serves under {@code /webjars/redoc/<version>/}: no CDN, and no copy of it in this repository.
 */
@Path("/redoc")
public class ReDocResource {

    static final String SCRIPT = "/webjars/redoc/" + webjarVersion() + "/redoc.standalone.js";

    private static final String PAGE = """
            <!DOCTYPE html>
            <html>
              <head>
                <title>Metagov gateway API</title>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1">
              </head>
              <body>
                <redoc spec-url="/q/openapi?format=json"></redoc>
                <script src="%s"></script>
              </body>
            </html>
            """.formatted(SCRIPT);

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String page() {
        return PAGE;
    }

    /** The version of the webjar on the classpath, from the Maven metadata it carries. */
    private static String webjarVersion() {
        try (InputStream in = ReDocResource.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/redoc/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:redoc is not on the classpath");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
