package io.synclane.api.face.rpm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.common.job.JobRunQueries.RunCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The RPM face's answers, with seed 003's headers: an {@code ETag} that is the MD5 of the body (a matching
 * {@code If-None-Match} answers 304) and {@code Cache-Control: max-age=0, private, must-revalidate}. A list up
 * to {@value #BUFFERED_BODY_LIMIT} bytes is answered whole, with its ETag; a longer one streams from the
 * database cursor in flat memory and carries none, since its digest is known only after its last byte.
 */
@ApplicationScoped
class RpmResponses {
    static final int BUFFERED_BODY_LIMIT = 1 << 20;
    static final String CACHE_CONTROL = "max-age=0, private, must-revalidate";

    private final ObjectMapper json;

    RpmResponses(ObjectMapper json) {
        this.json = json;
    }

    Response one(RpmFormat format, JobRunView run, String ifNoneMatch) {
        String body = format == RpmFormat.JSON ? write(run) : RpmXml.DECLARATION + RpmXml.jobRun(run, 0);
        return whole(format, body.getBytes(StandardCharsets.UTF_8), ifNoneMatch);
    }

    /** A list that has at least one run. */
    Response list(RpmFormat format, RunCursor runs, String ifNoneMatch) {
        ListWriter writer = new ListWriter(format);
        ByteArrayOutputStream head = new ByteArrayOutputStream(8192);
        try {
            writer.begin(head);
            while (runs.hasNext() && head.size() < BUFFERED_BODY_LIMIT) {
                writer.run(head, RpmMapper.view(runs.next()));
            }
            if (!runs.hasNext()) {
                writer.end(head);
                return whole(format, head.toByteArray(), ifNoneMatch);
            }
        } catch (IOException e) {
            runs.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            runs.close();
            throw e;
        }
        StreamingOutput rest = wire -> {
            // One write to the connection per 64 KiB, not one per run.
            try (runs; OutputStream out = new BufferedOutputStream(wire, 1 << 16)) {
                head.writeTo(out);
                while (runs.hasNext()) {
                    writer.run(out, RpmMapper.view(runs.next()));
                }
                writer.end(out);
            }
        };
        return Response.ok(rest).header(HttpHeaders.CONTENT_TYPE, format.contentType())
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }

    /** Seed 003's error shapes: {@code {"error": "..."}} or {@code <errors><error>...</error></errors>}. */
    Response error(RpmFormat format, Response.StatusType status, String message) {
        return Response.status(status).entity(errorBody(format, message))
                .header(HttpHeaders.CONTENT_TYPE, format.contentType())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    /** The body of an error, for the answers here and for the authentication mechanism's refusal. */
    static byte[] errorBody(RpmFormat format, String message) {
        String body = format == RpmFormat.JSON
                ? "{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"}"
                : RpmXml.errors(message);
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static Response whole(RpmFormat format, byte[] body, String ifNoneMatch) {
        String etag = '"' + md5(body) + '"';
        Response.ResponseBuilder answer = matches(ifNoneMatch, etag)
                ? Response.notModified()
                : Response.ok(body).header(HttpHeaders.CONTENT_TYPE, format.contentType());
        return answer.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }

    /** RFC 9110's weak comparison, which {@code If-None-Match} uses: {@code W/} is ignored, {@code *} matches. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an RPM view could not be written", e);
        }
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** A list written run by run, each run a complete fragment, so that writing may move from buffer to wire. */
    private final class ListWriter {
        private final RpmFormat format;
        private boolean first = true;

        ListWriter(RpmFormat format) {
            this.format = format;
        }

        void begin(OutputStream out) throws IOException {
            out.write(bytes(format == RpmFormat.JSON ? "[" : RpmXml.DECLARATION + RpmXml.LIST_START));
        }

        void run(OutputStream out, JobRunView run) throws IOException {
            if (format == RpmFormat.JSON) {
                out.write(bytes(first ? write(run) : "," + write(run)));
            } else {
                out.write(bytes(RpmXml.jobRun(run, 1)));
            }
            first = false;
        }

        void end(OutputStream out) throws IOException {
            out.write(bytes(format == RpmFormat.JSON ? "]" : RpmXml.LIST_END));
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
