package io.coinlens.portfolio.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTests {

    @Test
    void macIsHmacSha256AsRfc4231Defines() {
        // RFC 4231, test case 2.
        byte[] mac = WebhookSigner.mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void theSignatureCoversTheTimestampAndTheBody() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.signature("whsec_x", 1_700_000_000L, body);
        String expected = HexFormat.of().formatHex(WebhookSigner.mac("whsec_x".getBytes(StandardCharsets.UTF_8),
                "1700000000.{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertThat(signature).isEqualTo("t=1700000000,v1=" + expected);
        assertThat(WebhookSigner.signature("whsec_x", 1_700_000_001L, body)).isNotEqualTo(signature);
        assertThat(WebhookSigner.signature("whsec_y", 1_700_000_000L, body)).isNotEqualTo(signature);
    }

    @Test
    void secretsAreLongAndDistinct() {
        String a = WebhookSigner.newSecret();
        assertThat(a).startsWith("whsec_").hasSizeGreaterThanOrEqualTo(6 + 43);
        assertThat(WebhookSigner.newSecret()).isNotEqualTo(a);
    }
}
