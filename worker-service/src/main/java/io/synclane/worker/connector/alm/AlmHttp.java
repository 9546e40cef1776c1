package io.synclane.worker.connector.alm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.common.net.UnverifiedTls;
import io.synclane.worker.connector.ConnectorFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * JSON over HTTP to one ALM server, the same way for every connector: timeouts, TLS validation unless
 * {@code alm_validate_cert} is false, the JVM's proxy settings, and rate-limit answers waited out up to a
 * cap and retried (429 or 503 with {@code Retry-After}; GitHub's 403 with {@code x-ratelimit-remaining: 0}
 * and {@code x-ratelimit-reset}). Failures name the server, the status and the path,
 * never a header, so no credential reaches a message.
 */
public final class AlmHttp {
    /** An answer below 500: the connector decides what a 4xx means for its system. */
    public record Answer(int status, JsonNode body, HttpHeaders headers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE_LIMIT_ATTEMPTS = 3;

    private final HttpClient client;
    private final URI base;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Duration maxRateLimitWait;
    private final String systemName;

    public AlmHttp(String systemName, URI base, Map<String, String> headers, boolean validateCertificate,
            Duration timeout, Duration maxRateLimitWait) {
        this.systemName = systemName;
        this.base = base;
        this.headers = headers;
        this.timeout = timeout;
        this.maxRateLimitWait = maxRateLimitWait;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                .proxy(ProxySelector.getDefault()).followRedirects(HttpClient.Redirect.NORMAL);
        if (!validateCertificate) {
            builder.sslContext(UnverifiedTls.context());
        }
        this.client = builder.build();
    }

    public Answer get(String path) throws ConnectorFailure {
        return send("GET", path, null);
    }

    public Answer post(String path, Object body) throws ConnectorFailure {
        return send("POST", path, body);
    }

    public Answer put(String path, Object body) throws ConnectorFailure {
        return send("PUT", path, body);
    }

    public Answer patch(String path, Object body) throws ConnectorFailure {
        return send("PATCH", path, body);
    }

    private Answer send(String method, String path, Object body) throws ConnectorFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, publisher);
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                Duration wait = rateLimitWait(response);
                if (wait == null || attempt == RATE_LIMIT_ATTEMPTS) {
                    return answer(method, path, response);
                }
                Thread.sleep(wait.toMillis());
            }
        } catch (HttpTimeoutException e) {
            throw new ConnectorFailure(systemName + " at " + base.getHost() + " did not answer " + method + " " + path
                    + " within " + timeout.toSeconds() + " s.", true, e);
        } catch (ConnectException e) {
            throw new ConnectorFailure("Could not connect to " + systemName + " at " + base.getHost() + ":"
                    + port() + " (connection refused or host unknown).", true, e);
        } catch (SSLException e) {
            throw new ConnectorFailure("TLS with " + systemName + " at " + base.getHost() + " failed ("
                    + e.getMessage() + "); set alm_validate_cert to false only for a server you trust.", e);
        } catch (IOException e) {
            throw new ConnectorFailure("Could not reach " + systemName + " at " + base.getHost() + " ("
                    + e.getClass().getSimpleName() + ").", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorFailure("The sync was interrupted.", true, e);
        }
    }

    /** How long a rate-limited answer asks us to wait, capped; null when the answer is not a rate limit. */
    private Duration rateLimitWait(HttpResponse<String> response) {
        int status = response.statusCode();
        HttpHeaders headers = response.headers();
        Duration asked = headers.firstValue("Retry-After").map(AlmHttp::seconds).orElse(null);
        boolean exhausted = headers.firstValue("x-ratelimit-remaining").map(v -> v.trim().equals("0")).orElse(false);
        if (status == 403 && exhausted && asked == null) {
            long reset = headers.firstValueAsLong("x-ratelimit-reset").orElse(0);
            asked = Duration.ofSeconds(Math.max(1, reset - System.currentTimeMillis() / 1000));
        }
        boolean limited = status == 429 || (status == 503 && asked != null) || (status == 403 && (exhausted || asked != null));
        if (!limited) {
            return null;
        }
        if (asked == null) {
            asked = Duration.ofSeconds(1);
        }
        return asked.compareTo(maxRateLimitWait) > 0 ? maxRateLimitWait : asked;
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private Answer answer(String method, String path, HttpResponse<String> response) throws ConnectorFailure {
        int status = response.statusCode();
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            if (status / 100 == 2) {
                throw new ConnectorFailure(systemName + " answered " + method + " " + path
                        + " with something that is not JSON; is alm_server the " + systemName + " server?", e);
            }
            body = JSON.nullNode();
        }
        if (status >= 500 || status == 429) {
            throw new ConnectorFailure(systemName + " answered " + status + " to " + method + " " + path + ".", true,
                    null);
        }
        if (status == 403 && rateLimitWait(response) != null) {
            throw new ConnectorFailure(systemName + "'s rate limit is still exhausted after waiting; the job retries later.",
                    true, null);
        }
        return new Answer(status, body, response.headers());
    }

    private int port() {
        return base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    }
}
