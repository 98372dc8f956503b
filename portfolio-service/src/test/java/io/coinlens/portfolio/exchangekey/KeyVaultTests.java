package io.coinlens.portfolio.exchangekey;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyVaultTests {

    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private final String k1 = newKey();
    private final String k2 = newKey();

    @Test
    void sealsWithTheCurrentKeyAndOpensWithTheSameAssociatedDataOnly() {
        KeyVault vault = new KeyVault(Map.of("k1", k1), "k1");
        String sealed = vault.seal("api-secret-123", "row-a");
        assertThat(sealed).startsWith("k1:").doesNotContain("api-secret-123");
        assertThat(vault.seal("api-secret-123", "row-a")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(vault.open(sealed, "row-a")).isEqualTo("api-secret-123");
        assertThatThrownBy(() -> vault.open(sealed, "row-b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTamperedValueDoesNotOpen() {
        KeyVault vault = new KeyVault(Map.of("k1", k1), "k1");
        String sealed = vault.seal("api-secret-123", "row-a");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "k1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> vault.open(tampered, "row-a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rotationOpensOldValuesAndSealsNewOnesWithTheNewKey() {
        String old = new KeyVault(Map.of("k1", k1), "k1").seal("secret", "row");
        KeyVault rotating = new KeyVault(Map.of("k1", k1, "k2", k2), "k2");
        assertThat(rotating.isCurrent(old)).isFalse();
        String resealed = rotating.seal(rotating.open(old, "row"), "row");
        assertThat(rotating.isCurrent(resealed)).isTrue();
        assertThat(new KeyVault(Map.of("k2", k2), "k2").open(resealed, "row")).isEqualTo("secret");
        assertThatThrownBy(() -> new KeyVault(Map.of("k2", k2), "k2").open(old, "row"))
                .hasMessageContaining("not configured");
    }

    @Test
    void refusesWeakOrInconsistentConfiguration() {
        assertThat(new KeyVault(Map.of(), "").configured()).isFalse();
        String short128 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> new KeyVault(Map.of("k1", short128), "k1")).hasMessageContaining("256");
        assertThatThrownBy(() -> new KeyVault(Map.of("k1", k1), "k9")).hasMessageContaining("current-key");
    }
}
