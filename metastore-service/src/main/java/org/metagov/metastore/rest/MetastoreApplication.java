package org.metagov.metastore.rest;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI metadata (served at /q/openapi); every API call takes a bearer JWT with ds:... scopes. */
@OpenAPIDefinition(info = @Info(title = "MetaStore", version = "0.1.0",
        description = "Versioned dataset metadata (datapackage.json) stored in git. Scopes: "
                + "ds:{owner}/{name}:{read,create,update,delete,purge,tag}, with * wildcards."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT")
public class MetastoreApplication extends Application {
}
