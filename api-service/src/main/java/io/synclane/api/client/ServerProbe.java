package io.synclane.api.client;

import io.synclane.api.config.ApiConfig;
import io.synclane.common.net.UnverifiedTls;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Asks whether a server answers HTTP at all: any status counts as reachable, since the probe carries no
 * credentials (the connector checks those when it runs). Only the verdict leaves this class, never the
 * body, so the probe cannot be used to read what an internal address serves.
 */
@ApplicationScoped
public class ServerProbe {
    private final HttpClient validating;
    private final HttpClient trusting;
    private final ApiConfig config;

    public ServerProbe(ApiConfig config) {
        this.config = config;
        this.validating = client(null);
        this.trusting = client(UnverifiedTls.context());
    }

    /** Empty when the server answered; otherwise why it could not be reached, in words a person can act on. */
    public Optional<String> unreachable(String url, boolean validateCertificate) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("\"" + url + "\" is not a valid URL.");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            return Optional.of("\"" + url + "\" is not an http or https URL.");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return Optional.of("\"" + url + "\" is not a valid URL: no port " + uri.getPort() + ".");
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(uri).timeout(config.probeTimeout()).GET().build();
        } catch (IllegalArgumentException e) {
            return Optional.of("\"" + url + "\" is not a valid URL."); // a port out of range, say
        }
        try {
            (validateCertificate ? validating : trusting).send(request, HttpResponse.BodyHandlers.discarding());
            return Optional.empty();
        } catch (HttpTimeoutException e) {
            return Optional.of(uri.getHost() + " did not answer within " + config.probeTimeout().toSeconds() + " s.");
        } catch (ConnectException e) {
            return Optional.of(e.getCause() instanceof UnknownHostException
                    ? "Unknown host " + uri.getHost() + "."
                    : "Connection to " + uri.getHost() + " refused.");
        } catch (SSLException e) {
            // The JDK's reason names its classes (sun.security...): said in words instead.
            return Optional.of("TLS handshake with " + uri.getHost() + " failed (an untrusted certificate, or no TLS"
                    + " on that port); set alm_validate_cert to false only for a server you trust.");
        } catch (IOException e) {
            return Optional.of(e.getCause() instanceof UnknownHostException
                    ? "Unknown host " + uri.getHost() + "."
                    : "Could not reach " + uri.getHost() + ": the connection failed before an answer.");
        } catch (IllegalArgumentException e) {
            return Optional.of("\"" + url + "\" is not a valid URL."); // the HTTP client's own refusal of the address
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("The test was interrupted.");
        }
    }

    private HttpClient client(SSLContext ssl) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        return ssl == null ? builder.build() : builder.sslContext(ssl).build();
    }
}
