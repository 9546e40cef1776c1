package io.synclane.api.service;

import io.synclane.api.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remote agents' api_secrets. A DCI2-HMAC-SHA256 signature can only be checked by recomputing it with the secret,
 * so a one-way digest alone cannot serve; instead the secret is derived, HMAC(agent key, agent id + nonce), and
 * only the nonce and a digest are stored: the database alone yields no secret, and rotating draws a new nonce.
 * The agent key ({@code SYNCLANE_AGENT_KEY}) must be the same on every replica.
 */
@ApplicationScoped
public class AgentSecrets {
    /** 64 characters of [A-Za-z0-9], as DCI's own api_secrets are. */
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a new or rotated secret stores. */
    public record Stored(byte[] nonce, byte[] digest) {
    }

    private final ApiConfig config;

    public AgentSecrets(ApiConfig config) {
        this.config = config;
    }

    public boolean configured() {
        return config.agents().key().filter(key -> !key.isBlank()).isPresent();
    }

    /** Refuses, saying why, when no agent key is configured. */
    public void requireConfigured() {
        if (!configured()) {
            throw new Conflict("Remote agents are not enabled: the service has no agent key (SYNCLANE_AGENT_KEY).");
        }
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** The secret of agent {@code id} with this nonce; refused when no agent key is configured. */
    public String secret(long id, byte[] nonce) {
        requireConfigured();
        String key = config.agents().key().orElseThrow();
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            mac.update(("remoteci/" + id + ":").getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = mac.doFinal(nonce);
            StringBuilder secret = new StringBuilder(64);
            for (byte b : bytes) {
                secret.append(ALPHABET.charAt((b & 0xff) % ALPHABET.length()));
            }
            return secret.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is part of every JDK", e);
        }
    }

    public static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Constant-time: a wrong secret takes as long to refuse whatever its first differing character. */
    public static boolean matches(String secret, byte[] digest) {
        return MessageDigest.isEqual(digest(secret), digest);
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
