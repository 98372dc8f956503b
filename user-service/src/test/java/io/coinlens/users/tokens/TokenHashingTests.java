package io.coinlens.users.tokens;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenHashingTests {

    @Test
    void tokensCarry256RandomBitsInUrlSafeBase64() {
        String token = TokenHashing.newToken();
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            tokens.add(TokenHashing.newToken());
        }
        assertThat(tokens).hasSize(10_000);
    }

    @Test
    void storesOnlyTheSha256() {
        // SHA-256("abc"), FIPS 180-2 test vector.
        assertThat(HexFormat.of().formatHex(TokenHashing.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String token = TokenHashing.newToken();
        assertThat(TokenHashing.sha256(token)).hasSize(32).isEqualTo(TokenHashing.sha256(token))
                .isNotEqualTo(TokenHashing.sha256(TokenHashing.newToken()));
    }

    @Test
    void recognisesOnlyWellFormedTokens() {
        assertThat(TokenHashing.looksLikeToken(TokenHashing.newToken())).isTrue();
        assertThat(TokenHashing.looksLikeToken(null)).isFalse();
        assertThat(TokenHashing.looksLikeToken("short")).isFalse();
        assertThat(TokenHashing.looksLikeToken("'; DROP TABLE refresh_tokens; -- xxxxxxxxxxx")).isFalse();
        assertThat(TokenHashing.looksLikeToken("A".repeat(42) + "=")).isFalse();
    }
}
