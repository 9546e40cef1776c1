package io.synclane.common.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * DCI's request signature, {@code DCI2-HMAC-SHA256}, as python-dciauth computes it (AWS Signature V4 with other
 * names; {@code AWS4-HMAC-SHA256} with {@code X-Amz-Date} is accepted as the same scheme). Remote agents sign every
 * request with their {@code api_secret}; the server recomputes the signature with the secret it keeps. Pure
 * computation over a request's parts, so the verifying face and the signing agent share it.
 */
public final class Dci2Signature {
    /** How far a request's date may be from the verifier's clock. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    public static final String ALGORITHM = "DCI2-HMAC-SHA256";
    private static final String AWS_ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private Dci2Signature() {
    }

    /** What a signature covers: the path as sent (not yet decoded), the decoded query, the raw body. */
    public record Request(String method, String rawPath, List<Map.Entry<String, String>> query,
            Function<String, String> header, byte[] body) {
    }

    /**
     * The parts of an {@code Authorization} header: {@code <algorithm> Credential=<type>/<id>/<date>/<region>/
     * <service>/<request type>, SignedHeaders=<a;b>, Signature=<hex>}.
     */
    public record Credential(String algorithm, String clientType, String clientId, String date, String region,
            String service, String requestType, List<String> signedHeaders, String signature) {

        /** The client as DCI names it: {@code remoteci/42}. */
        public String client() {
            return clientType + "/" + clientId;
        }

        String scope() {
            return date + "/" + region + "/" + service + "/" + requestType;
        }

        String dateHeader() {
            return algorithm.equals(AWS_ALGORITHM) ? "x-amz-date" : "x-dci-date";
        }

        String keyPrefix() {
            return algorithm.substring(0, algorithm.indexOf('-'));
        }

        /** Empty for anything that is not such a header, however malformed. */
        public static Optional<Credential> parse(String authorization) {
            if (authorization == null) {
                return Optional.empty();
            }
            String[] parts = authorization.trim().split(" ");
            if (parts.length != 4 || !(parts[0].equals(ALGORITHM) || parts[0].equals(AWS_ALGORITHM))) {
                return Optional.empty();
            }
            String credential = value(parts[1], "Credential=", true);
            String signedHeaders = value(parts[2], "SignedHeaders=", true);
            String signature = value(parts[3], "Signature=", false);
            if (credential == null || signedHeaders == null || signature == null || !signature.matches("[0-9a-f]{64}")) {
                return Optional.empty();
            }
            String[] scope = credential.split("/", -1);
            if (scope.length != 6 || List.of(scope).stream().anyMatch(String::isEmpty) || !scope[2].matches("\\d{8}")) {
                return Optional.empty();
            }
            List<String> headers = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
            if (headers.stream().anyMatch(String::isEmpty)) {
                return Optional.empty();
            }
            return Optional.of(new Credential(parts[0], scope[0], scope[1], scope[2], scope[3], scope[4], scope[5],
                    headers, signature));
        }

        private static String value(String part, String prefix, boolean endsWithComma) {
            if (!part.startsWith(prefix) || (endsWithComma && !part.endsWith(","))) {
                return null;
            }
            return part.substring(prefix.length(), part.length() - (endsWithComma ? 1 : 0));
        }
    }

    /**
     * Whether the request carries a valid signature of that secret, dated within {@link #MAX_SKEW} of {@code now}
     * and of the day its credential names. The comparison takes the same time whatever the signature.
     */
    public static boolean verify(Credential credential, Request request, String secret, Instant now) {
        String timestamp = request.header().apply(credential.dateHeader());
        if (timestamp == null || !credential.signedHeaders().contains(credential.dateHeader())
                || !timestamp.startsWith(credential.date() + "T")) {
            return false;
        }
        try {
            Instant signedAt = Instant.from(TIMESTAMP.parse(timestamp));
            if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
                return false;
            }
        } catch (DateTimeParseException e) {
            return false;
        }
        String expected = signature(credential, timestamp, request, secret);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                credential.signature().getBytes(StandardCharsets.US_ASCII));
    }

    /** The headers that sign a request at {@code now}: {@code X-DCI-Date} and {@code Authorization}. */
    public static Map<String, String> sign(String client, Request request, String secret, Instant now, String host) {
        String timestamp = TIMESTAMP.format(now);
        String[] id = client.split("/", 2);
        Credential unsigned = new Credential(ALGORITHM, id[0], id[1], timestamp.substring(0, 8), "BHS3", "api",
                "dci2_request", List.of("host", "x-dci-date"), "");
        Function<String, String> headers = name -> switch (name) {
            case "host" -> host;
            case "x-dci-date" -> timestamp;
            default -> request.header().apply(name);
        };
        Request signed = new Request(request.method(), request.rawPath(), request.query(), headers, request.body());
        String signature = signature(unsigned, timestamp, signed, secret);
        return Map.of("X-DCI-Date", timestamp, "Authorization", ALGORITHM + " Credential=" + unsigned.client() + "/"
                + unsigned.scope() + ", SignedHeaders=host;x-dci-date, Signature=" + signature);
    }

    static String signature(Credential credential, String timestamp, Request request, String secret) {
        String stringToSign = credential.algorithm() + "\n" + timestamp + "\n" + credential.scope() + "\n"
                + hex(sha256(canonicalRequest(credential, request).getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac((credential.keyPrefix() + secret).getBytes(StandardCharsets.UTF_8), credential.date());
        key = hmac(key, credential.region());
        key = hmac(key, credential.service());
        key = hmac(key, credential.requestType());
        return hex(hmac(key, stringToSign));
    }

    static String canonicalRequest(Credential credential, Request request) {
        StringBuilder headers = new StringBuilder();
        for (String name : credential.signedHeaders()) {
            String value = request.header().apply(name);
            headers.append(name).append(':').append(value == null ? "" : value.trim()).append('\n');
        }
        byte[] body = request.body() == null ? new byte[0] : request.body();
        return request.method().toUpperCase(Locale.ROOT) + "\n" + decodePath(request.rawPath()) + "\n"
                + canonicalQuery(request.query()) + "\n" + headers + "\n" + String.join(";", credential.signedHeaders())
                + "\n" + hex(sha256(body));
    }

    static String canonicalQuery(List<Map.Entry<String, String>> query) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> parameter : query) {
            pairs.add(new String[] {encode(parameter.getKey()), encode(parameter.getValue())});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        return String.join("&", pairs.stream().map(p -> p[0] + "=" + p[1]).toList());
    }

    /** Percent-encoding that keeps only {@code A-Z a-z 0-9 - _ . ~}. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decodePath(String rawPath) {
        return URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String message) {
        return Hmac.sha256(key).doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
