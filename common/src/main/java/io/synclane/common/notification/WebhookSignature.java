package io.synclane.common.notification;

import io.synclane.common.auth.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;

/**
 * The {@code X-Synclane-Signature} header of a delivery, Stripe's scheme: {@code t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + body)>}. The time is inside what is signed, so a receiver that refuses old times
 * (five minutes is usual) cannot be replayed a captured delivery later. The secret's UTF-8 bytes are the key.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Synclane-Signature";

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + v1(secret, unixSeconds, body);
    }

    /** The hex HMAC-SHA256 of {@code t + "." + body} under the secret. */
    public static String v1(String secret, long unixSeconds, byte[] body) {
        Mac mac = Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8));
        mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /**
     * What a receiver does: a {@code t} within {@code tolerance} of {@code nowSeconds}, and one of the {@code v1}
     * values equal (in constant time) to the HMAC it computes itself over the body it received.
     */
    public static boolean verify(String secret, String header, byte[] body, long nowSeconds, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long t = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            if (pair[0].equals("t")) {
                try {
                    t = Long.parseLong(pair[1]);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (t == null || Math.abs(nowSeconds - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = v1(secret, t, body).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String signature : signatures) {
            match |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        return match;
    }
}
