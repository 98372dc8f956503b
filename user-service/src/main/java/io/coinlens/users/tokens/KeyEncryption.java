package io.coinlens.users.tokens;

import io.coinlens.users.config.UserProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Seals signing keys' private halves with AES-256-GCM under the key-encryption key (KEK) from configuration. The
 * key id is bound as associated data, so a sealed key cannot be moved to another row. {@link #kekId()} names the KEK
 * without revealing it, so keys sealed under another KEK are recognised rather than failing to open.
 */
public final class KeyEncryption {

    private static final Logger log = LoggerFactory.getLogger(KeyEncryption.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;
    private final String kekId;

    public KeyEncryption(byte[] kek) {
        if (kek.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 256 bits (32 bytes), was " + kek.length + " bytes");
        }
        this.kek = new SecretKeySpec(kek, "AES");
        this.kekId = fingerprint(kek);
    }

    /** From {@code coinlens.users.keys.encryption-key}, or a throwaway key if none is set and that is allowed. */
    public static KeyEncryption from(UserProperties.Keys keys) {
        if (keys.encryptionKey() != null && !keys.encryptionKey().isBlank()) {
            byte[] kek;
            try {
                kek = Base64.getDecoder().decode(keys.encryptionKey().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("coinlens.users.keys.encryption-key is not base64", e);
            }
            return new KeyEncryption(kek);
        }
        if (!keys.allowGeneratedEncryptionKey()) {
            throw new IllegalStateException("coinlens.users.keys.encryption-key is not set; provide 32 random bytes, "
                    + "base64-encoded, from a secret");
        }
        byte[] kek = new byte[32];
        RANDOM.nextBytes(kek);
        KeyEncryption generated = new KeyEncryption(kek);
        log.warn("No coinlens.users.keys.encryption-key configured: generated a development key-encryption key ({}) "
                + "that lives only in this process. Signing keys sealed with it cannot be used after a restart, so a "
                + "new signing key will be made then. Set the property from a secret in any shared environment.",
                generated.kekId());
        return generated;
    }

    public String kekId() {
        return kekId;
    }

    /** {@code iv || ciphertext || tag}. */
    public byte[] seal(byte[] plaintext, String associatedData) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** @throws IllegalArgumentException if the data was not sealed by this KEK with this associated data */
    public byte[] open(byte[] sealed, String associatedData) {
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("sealed data is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed data was tampered with or sealed under another key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static String fingerprint(byte[] kek) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("coinlens-kek-id:".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(Arrays.copyOf(digest.digest(kek), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
