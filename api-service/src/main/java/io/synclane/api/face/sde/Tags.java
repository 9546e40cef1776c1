package io.synclane.api.face.sde;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The face's OpenAPI tags (each face prefixes its own, so /q/openapi groups operations by face) and its
 * security scheme, which every resource of the face requires.
 */
@SecurityScheme(securitySchemeName = Tags.SECURITY, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "Authorization", description = "Token <key> (or Token \"<key>\"): an API token of /api/v2/users/{id}/tokens/")
final class Tags {
    static final String SECURITY = "sde-token";
    static final String FACE = "SD Elements v2: ";
    static final String CONNECTORS = FACE + "Connectors";
    static final String CONNECTIONS = FACE + "Connections";
    static final String CONNECTIVITY = FACE + "Connectivity tests";
    static final String JOBS = FACE + "Jobs";
    static final String PROJECTS = FACE + "Projects and tasks";
    static final String TEAMS = FACE + "Teams, users and tokens";
    static final String WEBHOOKS = FACE + "Webhooks";

    private Tags() {
    }
}
