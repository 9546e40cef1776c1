package io.synclane.common.auth;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, as DCI request signatures and webhook signatures and secrets use it. */
public final class Hmac {
    private Hmac() {
    }

    /** A fresh HMAC-SHA256 under {@code key}, ready for its message ({@link Mac} is not thread-safe). */
    public static Mac sha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
