package io.synclane.api.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The edge of every face, before authentication and before anything parses a request:
 * <ul>
 * <li><b>Body size per route</b> ({@link FaceEdge#bodyLimit}): a body declared larger answers 413 at once, unread;
 * an HTTP/1.x body of unknown length (chunked) is read up to the limit and answers 413 when it goes over (and the
 * connection is closed rather than drained). So a bad
 * request costs at most its route's limit, never {@code quarkus.http.limits.max-body-size}. Every HTTP/1.x body of a
 * face is read here, whole: a DCI2-HMAC-SHA256 signature covers the body's exact bytes, so the DCI face's mechanism
 * must hash them before anything parses them, and Quarkus REST then reads the same buffer.</li>
 * <li><b>JSON is UTF-8</b>: a JSON body Quarkus REST would parse that is not (an overlong {@code C0 AF}, which
 * Jackson reads as {@code /}) answers 400 before anything parses it ({@link FaceEdge#readsJson}).</li>
 * <li><b>No matrix parameters</b>: {@code /api/v2/projects/1;DROP} would otherwise reach project 1 (JAX-RS reads
 * {@code ;...} as parameters of the segment); a path with a raw {@code ;} names no record: 404.</li>
 * </ul>
 * Refusals are in the face's own error shape ({@link Faces}).
 *
 * <p>Not over HTTP/2: there Quarkus REST pauses a request that has already been read, which Vert.x refuses (a 500).
 * Such a request's declared length is still checked here; a body of unknown length is read by Quarkus REST as any
 * other (capped by {@code quarkus.http.limits.max-body-size}), and a signature over a body it carries cannot be
 * checked: the DCI mechanism refuses it, saying to sign over HTTP/1.1, as python-dciclient and Synclane's agent do.
 */
@ApplicationScoped
public class RequestLimits {
    /** After the request id (10,000), before authentication (200). */
    private static final int PRIORITY = 5_000;

    private final Faces faces;

    public RequestLimits(Faces faces) {
        this.faces = faces;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext context) {
        String path = context.normalizedPath();
        if (!faces.owned(path)) {
            context.next();
            return;
        }
        String raw = context.request().path();
        // Matrix parameters, and encoded dots, which normalising the path would turn into a climb to another route
        // (/projects/%2e%2e/jobs/alm/ is /jobs/alm/): no route of any face has either.
        if (raw.indexOf(';') >= 0 || raw.contains("%2e") || raw.contains("%2E")) {
            faces.end(context, 404, "Not found.", false);
            return;
        }
        long limit = limit(context);
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredOver(length.strip(), limit)) {
            faces.end(context, 413, tooLarge(limit), true);
            return;
        }
        if (context.request().version() == HttpVersion.HTTP_2 || !carriesBody(context, length)) {
            // No body to read (Quarkus REST then reads nothing; handed an empty pre-read body it waited forever)
            context.next();
            return;
        }
        read(context, limit);
    }

    /**
     * Reads the body whole, up to the limit, and hands it on as the request's body (Quarkus REST reads the same
     * buffer). Never a null body: handed none, Quarkus REST waited for a request that had already ended (an empty
     * chunked body hung until the client gave up).
     */
    private void read(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        if (request.isEnded()) {
            context.setBody(Buffer.buffer());
            context.next();
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + (long) chunk.length() > limit) {
                refused[0] = true;
                faces.end(context, 413, tooLarge(limit), true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (refused[0]) {
                return;
            }
            if (isJson(request) && faces.of(context.normalizedPath()).readsJson(request.method().name(),
                    context.normalizedPath()) && !Utf8.valid(body.getByteBuf().nioBuffer())) {
                faces.end(context, 400, "The body is not valid UTF-8.", false);
                return;
            }
            context.setBody(body);
            context.next();
        });
        request.exceptionHandler(failure -> {
            if (!refused[0] && !context.response().ended()) {
                refused[0] = true;
                context.fail(400, failure);
            }
        });
        request.resume();
    }

    private long limit(RoutingContext context) {
        return faces.of(context.normalizedPath()).bodyLimit(context.request().method().name(), context.normalizedPath());
    }

    /** A JSON body, which must be UTF-8 (RFC 8259); a file's raw bytes are not checked. */
    private static boolean isJson(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        String mediaType = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** Whether a body follows: a Content-Length over 0, or chunks. */
    private static boolean carriesBody(RoutingContext context, String length) {
        if (length != null) {
            return !length.strip().equals("0");
        }
        return context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** A Content-Length over the limit; one that is not a number is left to the HTTP server, which refuses it. */
    private static boolean declaredOver(String length, long limit) {
        if (length.isEmpty() || !length.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return length.length() > 18 || Long.parseLong(length) > limit;
    }

    static String tooLarge(long limit) {
        return "Request body too large: this route takes at most " + limit + " bytes.";
    }
}
