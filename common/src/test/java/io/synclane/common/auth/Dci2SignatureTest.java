package io.synclane.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.common.auth.Dci2Signature.Credential;
import io.synclane.common.auth.Dci2Signature.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two test vectors of ../shared/notes/dci-auth.md, computed with the real python-dciauth 4.0.1, and what must fail. */
class Dci2SignatureTest {
    private static final String SECRET = "s3cr3tK3y";
    private static final String DATE = "20250101T120000Z";
    private static final Instant SIGNED_AT = Instant.parse("2025-01-01T12:00:00Z");
    private static final List<Map.Entry<String, String>> LIST_QUERY = List.of(Map.entry("limit", "10"),
            Map.entry("offset", "0"), Map.entry("where", "name:foo bar"), Map.entry("sort", "-created_at"));
    private static final byte[] SCHEDULE_BODY = "{\"remoteci_id\": 42}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theListVectorHasTheLibrarysCanonicalRequestAndSignature() {
        Credential credential = credential("89d7b88534e09d17aefbfa77a7ba7904e1fde045f838b9354b49f3e5e2702c3f");
        Request request = request("GET", "/api/v1/jobs", LIST_QUERY, new byte[0], DATE);
        assertEquals("limit=10&offset=0&sort=-created_at&where=name%3Afoo%20bar", Dci2Signature.canonicalQuery(LIST_QUERY));
        assertEquals("GET\n/api/v1/jobs\nlimit=10&offset=0&sort=-created_at&where=name%3Afoo%20bar\nhost:127.0.0.1:8080\n"
                + "x-dci-date:20250101T120000Z\n\nhost;x-dci-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Dci2Signature.canonicalRequest(credential, request));
        assertEquals(credential.signature(), Dci2Signature.signature(credential, DATE, request, SECRET));
        assertTrue(Dci2Signature.verify(credential, request, SECRET, SIGNED_AT.plusSeconds(60)));
    }

    @Test
    void theScheduleVectorSignsTheBodysExactBytes() {
        Credential credential = credential("eca2213f10a580bb80750c71e2da4e179f7889d32cd8e5954a0c74c88ef9989c");
        assertTrue(Dci2Signature.verify(credential, request("POST", "/api/v1/jobs/schedule", List.of(), SCHEDULE_BODY, DATE),
                SECRET, SIGNED_AT));
    }

    @Test
    void anotherBodyQueryDateSecretOrPathFails() {
        Credential list = credential("89d7b88534e09d17aefbfa77a7ba7904e1fde045f838b9354b49f3e5e2702c3f");
        Credential schedule = credential("eca2213f10a580bb80750c71e2da4e179f7889d32cd8e5954a0c74c88ef9989c");
        assertFalse(Dci2Signature.verify(schedule, request("POST", "/api/v1/jobs/schedule", List.of(),
                "{\"remoteci_id\":42}".getBytes(StandardCharsets.UTF_8), DATE), SECRET, SIGNED_AT), "another body");
        assertFalse(Dci2Signature.verify(list, request("GET", "/api/v1/jobs",
                List.of(Map.entry("limit", "11"), Map.entry("offset", "0"), Map.entry("where", "name:foo bar"),
                        Map.entry("sort", "-created_at")), new byte[0], DATE), SECRET, SIGNED_AT), "another query");
        assertFalse(Dci2Signature.verify(list, request("GET", "/api/v1/jobs/1", LIST_QUERY, new byte[0], DATE),
                SECRET, SIGNED_AT), "another path");
        assertFalse(Dci2Signature.verify(list, request("GET", "/api/v1/jobs", LIST_QUERY, new byte[0], DATE),
                "an0ther", SIGNED_AT), "another secret");
        Request listRequest = request("GET", "/api/v1/jobs", LIST_QUERY, new byte[0], DATE);
        assertTrue(Dci2Signature.verify(list, listRequest, SECRET, SIGNED_AT.plus(Dci2Signature.MAX_SKEW)));
        assertFalse(Dci2Signature.verify(list, listRequest, SECRET, SIGNED_AT.plus(Duration.ofMinutes(16))),
                "more than 15 minutes late");
        assertFalse(Dci2Signature.verify(list, listRequest, SECRET, SIGNED_AT.minus(Duration.ofMinutes(16))),
                "more than 15 minutes early");
        assertFalse(Dci2Signature.verify(list, request("GET", "/api/v1/jobs", LIST_QUERY, new byte[0], "not-a-date"),
                SECRET, SIGNED_AT), "no date");
    }

    @Test
    void whatItSignsItVerifies() {
        Request request = request("POST", "/api/v1/jobstates", List.of(), "{\"status\": \"running\"}".getBytes(
                StandardCharsets.UTF_8), null);
        Map<String, String> headers = Dci2Signature.sign("remoteci/7", request, SECRET, SIGNED_AT, "127.0.0.1:8080");
        Credential credential = Credential.parse(headers.get("Authorization")).orElseThrow();
        assertEquals("remoteci/7", credential.client());
        assertTrue(Dci2Signature.verify(credential, request("POST", "/api/v1/jobstates", List.of(), request.body(),
                headers.get("X-DCI-Date")), SECRET, SIGNED_AT));
    }

    @Test
    void onlyAWellFormedHeaderParses() {
        String signature = "Signature=" + "a".repeat(64);
        assertTrue(Credential.parse("DCI2-HMAC-SHA256 Credential=remoteci/42/20250101/BHS3/api/dci2_request, "
                + "SignedHeaders=host;x-dci-date, " + signature).isPresent());
        for (String bad : List.of("", "Basic dXNlcjpwYXNz", "DCI2-HMAC-SHA256 Credential=remoteci/42, SignedHeaders=host, "
                        + signature,
                "DCI2-HMAC-SHA256 Credential=remoteci/42/2025/BHS3/api/dci2_request, SignedHeaders=host, " + signature,
                "DCI2-HMAC-SHA256 Credential=remoteci/42/20250101/BHS3/api/dci2_request, SignedHeaders=host, Signature=zz",
                "DCI2-HMAC-SHA256  Credential=remoteci/42/20250101/BHS3/api/dci2_request, SignedHeaders=host, " + signature)) {
            assertTrue(Credential.parse(bad).isEmpty(), bad);
        }
    }

    private static Credential credential(String signature) {
        return Credential.parse("DCI2-HMAC-SHA256 Credential=remoteci/42/20250101/BHS3/api/dci2_request, "
                + "SignedHeaders=host;x-dci-date, Signature=" + signature).orElseThrow();
    }

    private static Request request(String method, String path, List<Map.Entry<String, String>> query, byte[] body,
            String date) {
        return new Request(method, path, query, name -> switch (name) {
            case "host" -> "127.0.0.1:8080";
            case "x-dci-date" -> date;
            default -> null;
        }, body);
    }
}
