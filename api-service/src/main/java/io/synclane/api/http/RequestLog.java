package io.synclane.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.synclane.common.logging.LogContext;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Every HTTP request of every face gets an {@code X-Request-Id}: the client's own when it sends a sane one, else
 * a new one (32 hex digits, as seed 003 shows). The id is echoed on the answer and put in the log context
 * ({@link LogContext}), so every line logged while serving the request names it, as does the one log line of the
 * request (category {@value #CATEGORY}, INFO), whose query string has its credentials masked. A job the request
 * creates keeps the id, and the worker's lines about that job's runs name it too.
 */
@ApplicationScoped
public class RequestLog {
    public static final String HEADER = "X-Request-Id";
    static final String CATEGORY = "io.synclane.api.http.request";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    /** A client's id is kept only if it cannot forge a log line or a header: short, and of safe characters. */
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|&)(?:token|api_?key|access_token|password|secret)=)[^&]*");
    private static final HexFormat HEX = HexFormat.of();
    /** Runs before authentication, so that a refusal carries the id too. */
    private static final int PRIORITY = 10_000;

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String offered = request.getHeader(HEADER);
        String id = offered != null && SANE_ID.matcher(offered).matches() ? offered : newId();
        context.response().putHeader(HEADER, id);
        // Kept in the request's Vert.x context: every line logged while serving it, on any thread, names it.
        LogContext.putRequestId(id);
        long start = System.nanoTime();
        context.addEndHandler(ended -> {
            if (LOG.isInfoEnabled()) {
                String query = request.query();
                // The log context (format's %X) names the request: no need to repeat its id here.
                LOG.infof("%s %s%s %d %.1f ms", request.method(), request.path(),
                        query == null ? "" : "?" + masked(query), context.response().getStatusCode(),
                        (System.nanoTime() - start) / 1e6);
            }
        });
        context.next();
    }

    /** The query string with the value of every credential-like parameter replaced by {@code ***}. */
    static String masked(String query) {
        return SECRET_PARAMETER.matcher(query).replaceAll("$1***");
    }

    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
    }
}
