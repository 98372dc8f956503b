package io.coinlens.users.tokens;

import io.coinlens.users.config.UserProperties;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KeyEncryptionTests {

    private static final byte[] KEK = new byte[32];
    private static final byte[] SECRET = "the private half".getBytes(StandardCharsets.UTF_8);

    static {
        Arrays.fill(KEK, (byte) 7);
    }

    private final KeyEncryption encryption = new KeyEncryption(KEK);

    @Test
    void sealsAndOpens() {
        byte[] sealed = encryption.seal(SECRET, "kid-1");
        assertThat(sealed).hasSize(12 + SECRET.length + 16);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("private");
        assertThat(encryption.open(sealed, "kid-1")).isEqualTo(SECRET);
    }

    @Test
    void usesAFreshNonceEachTime() {
        assertThat(encryption.seal(SECRET, "kid-1")).isNotEqualTo(encryption.seal(SECRET, "kid-1"));
    }

    @Test
    void refusesASealedKeyMovedToAnotherRow() {
        byte[] sealed = encryption.seal(SECRET, "kid-1");
        assertThatIllegalArgumentException().isThrownBy(() -> encryption.open(sealed, "kid-2"));
    }

    @Test
    void refusesTamperedData() {
        byte[] sealed = encryption.seal(SECRET, "kid-1");
        sealed[sealed.length - 20] ^= 1;
        assertThatIllegalArgumentException().isThrownBy(() -> encryption.open(sealed, "kid-1"));
    }

    @Test
    void refusesDataSealedUnderAnotherKeyAndTellsTheKeysApart() {
        byte[] otherKek = KEK.clone();
        otherKek[0] = 8;
        KeyEncryption other = new KeyEncryption(otherKek);
        assertThatIllegalArgumentException().isThrownBy(() -> other.open(encryption.seal(SECRET, "kid-1"), "kid-1"));
        assertThat(other.kekId()).isNotEqualTo(encryption.kekId());
        assertThat(new KeyEncryption(KEK.clone()).kekId()).isEqualTo(encryption.kekId()).hasSize(16);
    }

    @Test
    void readsTheKeyFromConfigurationOrGeneratesOneOnlyWhenAllowed() {
        String configured = Base64.getEncoder().encodeToString(KEK);
        assertThat(KeyEncryption.from(keys(configured, false)).kekId()).isEqualTo(encryption.kekId());
        assertThat(KeyEncryption.from(keys(null, true)).kekId()).isNotEqualTo(KeyEncryption.from(keys(null, true)).kekId());
        assertThatIllegalStateException().isThrownBy(() -> KeyEncryption.from(keys(null, false)))
                .withMessageContaining("coinlens.users.keys.encryption-key");
        assertThatIllegalStateException().isThrownBy(() -> KeyEncryption.from(keys("not base64!", true)));
        assertThatIllegalArgumentException().isThrownBy(() -> KeyEncryption.from(keys(Base64.getEncoder().encodeToString(new byte[16]), true)));
    }

    private static UserProperties.Keys keys(String encryptionKey, boolean allowGenerated) {
        return new UserProperties.Keys(encryptionKey, allowGenerated, Duration.ofDays(30), Duration.ofMinutes(10),
                Duration.ofMinutes(1), Duration.ofMinutes(5));
    }
}
