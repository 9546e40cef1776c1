package io.synclane.worker.notification;

import io.synclane.common.notification.WebhookTargets.Target;
import io.synclane.worker.config.NotificationConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * POSTs a delivery to a checked target over Vert.x's HTTP client, connecting to the address the SSRF guard resolved
 * and checked (never resolving the name again; the name is still the TLS peer, so SNI and the certificate's host name
 * check use it). Certificates and host names are always checked (against the JVM's trust, or the operator's trust
 * store); redirects are never followed; connect and read timeouts apply; at most
 * {@code synclane.notifications.max-response-bytes} of an answer are read, then the connection is closed.
 */
@ApplicationScoped
public class WebhookSender {
    public static final String USER_AGENT = "Synclane-Webhooks/1";
    /** How much of an answer is kept to show in the attempt's run. */
    static final int EXCERPT = 512;

    /** What an attempt learnt: the status (null: no answer), how long it took, a Retry-After, why it failed, the answer's start. */
    public record Answer(Integer status, Duration took, Duration retryAfter, String failure, String excerpt) {
    }

    private final Vertx vertx;
    private final NotificationConfig config;
    private volatile HttpClient client;

    public WebhookSender(Vertx vertx, NotificationConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Sends {@code body} with {@code headers} to the target's first address; blocks until an answer or a failure. */
    public Answer post(Target target, Map<String, String> headers, byte[] body) throws InterruptedException {
        String path = (target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/"
                : target.uri().getRawPath()) + (target.uri().getRawQuery() == null ? "" : "?" + target.uri().getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.addresses().get(0), target.port())))
                .setHost(target.host()).setPort(target.port()).setSsl(target.tls()).setURI(path)
                .setFollowRedirects(false)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.readTimeout().toMillis());
        headers.forEach(options::putHeader);
        long started = System.nanoTime();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        client().request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .onSuccess(response -> read(response, started, answer))
                .onFailure(answer::completeExceptionally);
        long waitMillis = config.connectTimeout().plus(config.readTimeout()).multipliedBy(2).toMillis();
        try {
            return answer.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return failed(started, "no answer within " + waitMillis / 1000 + " s");
        } catch (ExecutionException e) {
            // A client's message may name the request's path, which may hold the receiver's own token.
            String why = why(e.getCause(), config.readTimeout());
            return failed(started, path.length() < 2 ? why : why.replace(path, "/\u2026"));
        }
    }

    /** Reads up to the cap (keeping the first bytes to show), then closes the connection; the status counts either way. */
    private void read(HttpClientResponse response, long started, CompletableFuture<Answer> answer) {
        int status = response.statusCode();
        Duration retryAfter = retryAfter(response.getHeader("Retry-After"));
        Buffer excerpt = Buffer.buffer();
        long[] read = {0};
        Runnable done = () -> answer.complete(new Answer(status, since(started), retryAfter, null,
                printable(excerpt.toString(StandardCharsets.UTF_8))));
        response.handler(chunk -> {
            if (answer.isDone()) {
                return;
            }
            read[0] += chunk.length();
            if (excerpt.length() < EXCERPT) {
                excerpt.appendBuffer(chunk.slice(0, Math.min(chunk.length(), EXCERPT - excerpt.length())));
            }
            if (read[0] > config.maxResponseBytes()) {
                done.run();
                response.request().connection().close();
            }
        });
        response.exceptionHandler(failure -> done.run()); // the status arrived: a body cut short changes nothing
        response.endHandler(end -> done.run());
    }

    private static Answer failed(long started, String why) {
        return new Answer(null, since(started), null, why, "");
    }

    /** Why no answer came, in words (never a class name alone). */
    static String why(Throwable failure, Duration readTimeout) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (failure instanceof ConnectException || failure.getClass().getSimpleName().equals("ConnectTimeoutException")) {
            return "could not connect: " + message;
        }
        if (failure instanceof SSLException) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause(); // the client's wrapper says only that it failed; its cause says why
            }
            return "TLS handshake failed (an untrusted certificate, another host's, or no TLS on that port): "
                    + (root.getMessage() == null ? message : root.getMessage());
        }
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return "no answer in time: the receiver was silent for " + readTimeout.toMillis() + " ms";
        }
        return failure.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** Seconds or an HTTP date (RFC 9110), as a wait from now; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            Duration until = Duration.between(Instant.now(),
                    ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Text fit to show and store: control characters (NUL among them) as {@code ?}, at most {@value #EXCERPT}. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), EXCERPT));
        text.codePoints().limit(EXCERPT).forEach(c -> out.appendCodePoint(
                (Character.isISOControl(c) && c != '\n' && c != '\t') || (c >= 0xD800 && c <= 0xDFFF) ? '?' : c));
        return out.toString().strip();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private HttpClient client() {
        HttpClient made = client;
        if (made == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(clientOptions());
                }
                made = client;
            }
        }
        return made;
    }

    private HttpClientOptions clientOptions() {
        HttpClientOptions options = new HttpClientOptions()
                .setMaxPoolSize(Math.max(1, config.concurrency()))
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setTrustAll(false)
                .setConnectTimeout((int) config.connectTimeout().toMillis());
        config.trustStore().ifPresent(path -> {
            String password = config.trustStorePassword().orElse("");
            String lower = path.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
                options.setTrustOptions(new PfxOptions().setPath(path).setPassword(password));
            } else {
                options.setTrustOptions(new JksOptions().setPath(path).setPassword(password));
            }
        });
        return options;
    }

    @PreDestroy
    void close() {
        HttpClient made = client;
        if (made != null) {
            made.close();
        }
    }
}
