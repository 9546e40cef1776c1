package io.synclane.common.domain;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which connection params hold secrets. They are returned only to callers allowed to edit that side's
 * connections and are never written to a log or a job's output.
 */
public final class SecretParams {
    private SecretParams() {
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("alm_pass") || k.equals("alm_api_token") || k.endsWith("_pass") || k.endsWith("_password")
                || k.endsWith("_token") || k.endsWith("_key") || k.endsWith("_secret") || k.equals("password");
    }

    /** A copy with every secret value replaced, for logs and messages. */
    public static Map<String, Object> redacted(Map<String, Object> params) {
        Map<String, Object> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, isSecret(k) ? "********" : v));
        return copy;
    }
}
