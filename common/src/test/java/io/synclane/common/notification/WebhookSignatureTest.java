package io.synclane.common.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The delivery signature and the derived secrets, checked against the JDK's HMAC computed the README's way. */
class WebhookSignatureTest {
    private static final byte[] BODY = "{\"event\":\"job.ended\"}".getBytes(StandardCharsets.UTF_8);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void theSignatureIsTheHmacOfTheTimeADotAndTheBody() throws Exception {
        String header = WebhookSignature.header("whsec_abc", 1_767_225_600L, BODY);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("whsec_abc".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(
                ("1767225600." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertEquals("t=1767225600,v1=" + expected, header);
        // The README's Python recipe gives the same: hmac.new(b"whsec_abc", b"1767225600." + body, "sha256").
        assertEquals("t=1767225600,v1=283860ae57c0b4f604142184c8f75fabbc95ada25cebc724bdd6369355d0e333", header);
    }

    @Test
    void aReceiverAcceptsOnlyTheSameSecretBodyAndARecentTime() {
        long t = 1_767_225_600L;
        String header = WebhookSignature.header("whsec_abc", t, BODY);
        assertTrue(WebhookSignature.verify("whsec_abc", header, BODY, t + 299, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify("whsec_abd", header, BODY, t, FIVE_MINUTES), "another secret");
        assertFalse(WebhookSignature.verify("whsec_abc", header, "{}".getBytes(StandardCharsets.UTF_8), t, FIVE_MINUTES),
                "another body");
        assertFalse(WebhookSignature.verify("whsec_abc", header, BODY, t + 301, FIVE_MINUTES), "replayed too late");
        assertFalse(WebhookSignature.verify("whsec_abc", header.replace("t=" + t, "t=" + (t + 60)), BODY, t + 60,
                FIVE_MINUTES), "a time moved forward no longer matches its signature");
        assertFalse(WebhookSignature.verify("whsec_abc", null, BODY, t, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify("whsec_abc", "t=x,v1=00", BODY, t, FIVE_MINUTES));
    }

    @Test
    void aSecretIsDerivedFromTheKeyTheIdAndTheNonceAlone() {
        byte[] nonce = WebhookSecrets.newNonce();
        String secret = WebhookSecrets.secret("key-1", 42, nonce);
        assertTrue(secret.matches("whsec_[0-9a-f]{64}"), secret);
        assertEquals(secret, WebhookSecrets.secret("key-1", 42, nonce.clone()), "the same inputs, the same secret");
        assertNotEquals(secret, WebhookSecrets.secret("key-2", 42, nonce), "another key");
        assertNotEquals(secret, WebhookSecrets.secret("key-1", 43, nonce), "another webhook");
        assertNotEquals(secret, WebhookSecrets.secret("key-1", 42, WebhookSecrets.newNonce()), "a rotation");
        assertThrows(IllegalStateException.class, () -> WebhookSecrets.secret(" ", 42, nonce));
    }
}
