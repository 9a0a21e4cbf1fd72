package dev.modelyard.core.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Creates token secrets and hashes them for storage and lookup. */
public final class TokenSecrets {
    /** Every secret starts with this, so scanners and people can recognise a leaked token. */
    public static final String PREFIX = "myd_";

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int RANDOM_CHARACTERS = 32;
    private static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 6;

    private final SecureRandom random;

    public TokenSecrets(SecureRandom random) {
        this.random = random;
    }

    public String newSecret() {
        StringBuilder secret = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_CHARACTERS; i++) {
            secret.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return secret.toString();
    }

    public static String shownPrefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), SHOWN_PREFIX_LENGTH));
    }

    public static String hash(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
