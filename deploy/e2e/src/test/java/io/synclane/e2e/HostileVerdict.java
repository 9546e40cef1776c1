package io.synclane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.e2e.HostileRequest.Expect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the hostile suite requires of every answer: no 5xx; a request that had to be refused, refused; no stack trace
 * or Java class name; every 4xx in its face's error shape, naming the refused field (the dashboard's /ui answers as
 * /api/v2 does: {@code {"detail": ...}} or {@code {"field": ["message"]}}); no secret (keys, agents' and webhooks'
 * secrets, a webhook's {@code whsec_} anywhere but in the answer that made it, files of the host).
 */
final class HostileVerdict {
    /** Words of a stack trace or of the code's own names, which no answer may show. */
    static final Pattern JAVA_NAMES = Pattern.compile("Exception|java\\.|javax\\.|jakarta\\.|io\\.synclane|org\\.hibernate"
            + "|org\\.postgresql|com\\.fasterxml|io\\.quarkus|io\\.vertx|io\\.netty|at io\\.|at java\\.|\\.java:\\d|"
            + "StreamReadConstraints|PSQL|Hibernate|Jackson|NullPointer|ClassCast");
    /** A webhook's signing secret: shown in the answer to its creation or a rotation, and nowhere else. */
    static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[0-9a-f]{16,}");
    /** What a file of this host or of the service's own configuration says: never in an answer. */
    private static final List<String> FILE_CONTENTS = List.of("root:x:0:0", "quarkus.datasource", "synclane.admin-token",
            "SYNCLANE_DB_PASSWORD");
    /** Answers of this size or less are never too large for any route: a 413 for one is wrong. */
    private static final int SMALL_BODY = 64 << 10;

    /** The answer to one request. */
    record Answer(int status, String contentType, Map<String, List<String>> headers, byte[] body, long nanos) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One thing wrong with one answer: its kind (5xx, accepted, java-name, shape, unnamed, leak, slow) and detail. */
    record Problem(String kind, String detail) {
    }

    private final List<String> alwaysSecret;
    private final List<String> paramSecrets;
    private final String ownerToken;

    HostileVerdict(HostileFixture fixture) {
        List<String> secrets = new ArrayList<>(fixture.apiKeys());
        secrets.add(fixture.agentA.secret());
        secrets.add(fixture.victimAgentA.secret());
        secrets.add(fixture.agentB.secret());
        secrets.addAll(fixture.webhookSecrets);
        secrets.addAll(fixture.serviceKeys);
        this.alwaysSecret = secrets;
        List<String> readable = new ArrayList<>(fixture.plantedParamSecrets);
        readable.add(fixture.receiverToken); // in the webhook's URL, which its team's admins read
        this.paramSecrets = List.copyOf(readable);
        this.ownerToken = "Token " + fixture.owner.key();
    }

    List<Problem> judge(HostileRequest request, Answer answer) {
        List<Problem> problems = new ArrayList<>();
        int status = answer.status();
        String text = answer.text();
        if (status >= 500) {
            problems.add(new Problem("5xx", "answered " + status));
        }
        if (request.expect() == Expect.REFUSE && status < 400) {
            problems.add(new Problem("accepted", "a request that must be refused was answered " + status));
        }
        var javaName = JAVA_NAMES.matcher(text);
        if (javaName.find()) {
            problems.add(new Problem("java-name", "the answer shows \"" + javaName.group() + "\""));
        }
        boolean httpLimit = request.defect() != null && request.defect().endsWith("over the server's limit");
        if (httpLimit && status != 414 && status != 431) {
            problems.add(new Problem("unnamed", "a request over the HTTP server's limits was answered " + status));
        }
        // 414 and 431 come from the HTTP server's codec before any handler runs: no face can shape them.
        if (status >= 400 && status < 500 && !httpLimit) {
            String shape = shape(request.face(), status, answer);
            if (shape != null) {
                problems.add(new Problem("shape", shape));
            }
            if (status == 413 && request.body() != null && request.body().length <= SMALL_BODY) {
                problems.add(new Problem("shape", "413 for a body of " + request.body().length + " bytes"));
            }
        }
        if (request.defect() != null && request.defect().startsWith("oversized body") && status != 413) {
            problems.add(new Problem("unnamed", "an oversized body was answered " + status + ", not 413"));
        }
        if (request.field() != null && status >= 400 && status < 500 && status != 413 && !httpLimit && shape(request.face(), status, answer) == null
                && !names(request.face(), answer, request.field())) {
            problems.add(new Problem("unnamed", "the refusal (" + status + ") does not name \"" + request.field() + "\""));
        }
        String headerText = answer.headers().toString();
        for (String secret : alwaysSecret) {
            if (text.contains(secret) || headerText.contains(secret)) {
                problems.add(new Problem("leak", "the answer shows a key, an agent's secret or a webhook's secret"));
            }
        }
        boolean showsNewSecret = status >= 200 && status < 300 && request.method().equals("POST")
                && (request.route().equals("POST /api/v2/webhooks/") || request.route().endsWith("/rotate_secret/"));
        if (!showsNewSecret && (WEBHOOK_SECRET.matcher(text).find() || WEBHOOK_SECRET.matcher(headerText).find())) {
            problems.add(new Problem("leak", "the answer (" + status + ") shows a webhook's secret"));
        }
        for (String content : FILE_CONTENTS) {
            if (text.contains(content)) {
                problems.add(new Problem("leak", "the answer (" + status + ") shows a file's content: " + content));
            }
        }
        boolean editorsOwnRead = status < 300 && ownerToken.equals(request.headers().get("Authorization"));
        for (String secret : paramSecrets) {
            if ((text.contains(secret) || headerText.contains(secret)) && !editorsOwnRead) {
                problems.add(new Problem("leak", "the answer (" + status + ") shows a secret param"));
            }
        }
        if (request.face().equals("/ui") && status >= 200 && status < 300) {
            String headers = uiHeaders(request, answer);
            if (headers != null) {
                problems.add(new Problem("shape", headers));
            }
        }
        if (answer.nanos() > 10_000_000_000L) {
            problems.add(new Problem("slow", "answered in " + answer.nanos() / 1_000_000 + " ms"));
        }
        return problems;
    }

    /**
     * Null when a dashboard answer has the headers it must, else what is missing: its JSON is never cached; a job's
     * file is never a page of the site (plain text or a download, not sniffed, sandboxed, under a name that cannot
     * break out of its header), whatever a run uploaded.
     */
    static String uiHeaders(HostileRequest request, Answer answer) {
        if (!request.route().contains(" /ui/api/")) { // the JSON's routes (a page's path may spell /ui/api/../)
            return null;
        }
        if (!header(answer, "Cache-Control").contains("no-store")) {
            return "a dashboard answer without Cache-Control: no-store";
        }
        if (!request.route().endsWith("/files/{file}")) {
            return null;
        }
        String type = answer.contentType().toLowerCase();
        if (!type.startsWith("text/plain") && !type.startsWith("application/octet-stream")) {
            return "a job's file served as " + answer.contentType();
        }
        // The pages' policy comes too (the /ui filter); a browser enforces every policy it is sent, the sandbox with it.
        if (!header(answer, "X-Content-Type-Options").equals("nosniff")
                || headers(answer, "Content-Security-Policy").stream().noneMatch(p -> p.contains("sandbox"))) {
            return "a job's file without nosniff and a sandbox: " + headers(answer, "Content-Security-Policy");
        }
        if (!header(answer, "Content-Disposition").matches("(inline|attachment); filename=\"[A-Za-z0-9._-]*\"")) {
            return "a job's file under the name " + header(answer, "Content-Disposition");
        }
        return null;
    }

    private static String header(Answer answer, String name) {
        return headers(answer, name).stream().findFirst().orElse("");
    }

    private static List<String> headers(Answer answer, String name) {
        return answer.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    /** Null when the answer has its face's error shape, else what is wrong with it. */
    static String shape(String face, int status, Answer answer) {
        String text = answer.text();
        if (face.equals("/v1") && text.startsWith("<?xml")) {
            return text.contains("<errors>") && text.contains("<error>") ? null : "an XML error without <errors><error>";
        }
        JsonNode body;
        try {
            body = EndToEnd.JSON.readTree(text);
        } catch (Exception e) {
            return "the " + status + " is not JSON: " + HostileRequest.printable(answer.body(), 120);
        }
        if (body == null || !body.isObject()) {
            return "the " + status + " is not a JSON object: " + HostileRequest.printable(answer.body(), 120);
        }
        switch (face) {
            case "/api/v2", "/ui" -> {
                if (body.has("detail")) {
                    return body.size() == 1 && body.get("detail").isTextual() ? null : "a detail with other fields: " + body;
                }
                if (body.isEmpty()) {
                    return "an empty error object";
                }
                for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
                    JsonNode messages = fields.next().getValue();
                    if (!messages.isArray() || messages.isEmpty() || !messages.get(0).isTextual()) {
                        return "not {\"field\": [\"message\"]}: " + abbreviate(body.toString());
                    }
                }
                return null;
            }
            case "/api/v1" -> {
                if (!body.path("status_code").isInt() || body.get("status_code").asInt() != status
                        || !body.path("message").isTextual() || !body.path("payload").isObject()) {
                    return "not {\"status_code\", \"message\", \"payload\"}: " + abbreviate(body.toString());
                }
                return null;
            }
            default -> {
                return body.size() == 1 && body.path("error").isTextual() ? null
                        : "not {\"error\": ...}: " + abbreviate(body.toString());
            }
        }
    }

    /** Whether a refusal names the field, as its face names fields. */
    static boolean names(String face, Answer answer, String field) {
        String text = answer.text();
        try {
            JsonNode body = text.startsWith("<?xml") ? null : EndToEnd.JSON.readTree(text);
            switch (face) {
                case "/api/v2", "/ui" -> {
                    for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
                        if (matches(keys.next(), field)) {
                            return true;
                        }
                    }
                    return false;
                }
                case "/api/v1" -> {
                    JsonNode errors = body.path("payload").path("errors");
                    for (Iterator<String> keys = errors.fieldNames(); keys.hasNext(); ) {
                        if (matches(keys.next(), field)) {
                            return true;
                        }
                    }
                    return false;
                }
                default -> {
                    return text.contains(field);
                }
            }
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean matches(String key, String field) {
        String k = key.toLowerCase();
        String f = field.toLowerCase();
        return k.equals(f) || k.startsWith(f + ".") || k.startsWith(f + "[") || k.replace("-", "_").equals(f);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
