package io.synclane.common.notification;

import io.synclane.common.auth.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * Webhooks' signing secrets. The server signs every delivery with the secret, so it must be able to produce it again;
 * instead of keeping it (even encrypted) in the database, it is derived, as remote agents' secrets are:
 * {@code whsec_} + hex(HMAC-SHA256(notifications key, "webhook/<id>:" + nonce)). Only the nonce is stored: the database
 * alone yields no secret, rotating draws a new nonce, and api-service (which shows the secret once) and the workers
 * (which sign) derive the same one from the same key ({@code SYNCLANE_NOTIFICATIONS_KEY}). A new key changes every
 * webhook's secret.
 */
public final class WebhookSecrets {
    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** The secret of webhook {@code id} with this nonce, under the services' notifications key. */
    public static String secret(String key, long id, byte[] nonce) {
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("no notifications key (SYNCLANE_NOTIFICATIONS_KEY)");
        }
        Mac mac = Hmac.sha256(key.getBytes(StandardCharsets.UTF_8));
        mac.update(("webhook/" + id + ":").getBytes(StandardCharsets.US_ASCII));
        return PREFIX + HexFormat.of().formatHex(mac.doFinal(nonce));
    }
}
