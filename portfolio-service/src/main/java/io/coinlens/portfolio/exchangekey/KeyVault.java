package io.coinlens.portfolio.exchangekey;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Seals exchange credentials with AES-256-GCM: a fresh 96-bit nonce per value, the 128-bit tag, and associated data
 * binding the ciphertext to its owner and row, so a sealed value copied to another row does not open. The output
 * names the master key it used ({@code <keyId>:<base64>}), so keys can rotate: values sealed with an older key open
 * while it is configured, and {@link #isCurrent} tells what to re-seal.
 */
public final class KeyVault {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKeySpec> keys = new HashMap<>();
    private final String current;

    public KeyVault(Map<String, String> base64Keys, String current) {
        base64Keys.forEach((id, value) -> {
            if (id.contains(":")) {
                throw new IllegalArgumentException("a master key id cannot contain ':'");
            }
            byte[] raw = Base64.getDecoder().decode(value.trim());
            if (raw.length != 32) {
                throw new IllegalArgumentException("master key '" + id + "' is " + raw.length * 8 + " bits; AES-256 needs 256");
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        if (!keys.isEmpty() && !keys.containsKey(current)) {
            throw new IllegalArgumentException("current-key '" + current + "' is not among the master keys");
        }
        this.current = current;
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    public String seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, keys.get(current), nonce, associatedData)
                .apply(plaintext.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
        return current + ":" + Base64.getEncoder().encodeToString(out.array());
    }

    public String open(String sealed, String associatedData) {
        int colon = sealed.indexOf(':');
        SecretKeySpec key = colon < 0 ? null : keys.get(sealed.substring(0, colon));
        if (key == null) {
            throw new IllegalStateException("sealed with a master key that is not configured");
        }
        byte[] all = Base64.getDecoder().decode(sealed.substring(colon + 1));
        byte[] nonce = java.util.Arrays.copyOfRange(all, 0, NONCE_BYTES);
        byte[] body = java.util.Arrays.copyOfRange(all, NONCE_BYTES, all.length);
        return new String(cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).apply(body), StandardCharsets.UTF_8);
    }

    public boolean isCurrent(String sealed) {
        return sealed.startsWith(current + ":");
    }

    private static java.util.function.Function<byte[], byte[]> cipher(int mode, SecretKeySpec key, byte[] nonce,
            String associatedData) {
        return input -> {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
                return cipher.doFinal(input);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
                        + " an exchange credential", e);
            }
        };
    }
}
