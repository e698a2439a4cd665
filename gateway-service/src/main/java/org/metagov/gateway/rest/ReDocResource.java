package org.metagov.gateway.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** ReDoc over the gateway's OpenAPI document; the script is served from this jar, no CDN needed. */
@Path("/redoc")
public class ReDocResource {

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
                <script src="/redoc/redoc.standalone.js"></script>
              </body>
            </html>
            """;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String page() {
        return PAGE;
    }
}
