package org.metagov.gateway.rest;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.metagov.gateway.service.DriverTokens;

/** The public keys of the gateway's driver tokens, for anyone who verifies them. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final DriverTokens tokens;

    public JwksResource(DriverTokens tokens) {
        this.tokens = tokens;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The gateway's token signing keys (JWKS)")
    public Map<String, Object> keys() {
        return tokens.jwks();
    }
}
