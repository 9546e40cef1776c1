package io.synclane.api.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key a face read from a request, in whatever way that face carries it; never logged. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {
    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticationRequest[key=***]";
    }
}
