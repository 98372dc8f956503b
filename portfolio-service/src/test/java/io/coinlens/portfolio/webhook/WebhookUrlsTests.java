package io.coinlens.portfolio.webhook;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookUrlsTests {

    private final WebhookUrls production = new WebhookUrls(true,
            new GuardedAddressResolverGroup(new AddressPolicy(List.of())));
    private final WebhookUrls local = new WebhookUrls(false,
            new GuardedAddressResolverGroup(new AddressPolicy(List.of())));

    @Test
    void productionWantsHttps() {
        assertThat(production.syntaxProblem("https://hooks.example.com/coinlens")).isNull();
        assertThat(production.syntaxProblem("http://hooks.example.com/coinlens")).isEqualTo("must be an https:// URL");
        assertThat(local.syntaxProblem("http://hooks.example.com/coinlens")).isNull();
    }

    @Test
    void refusesWhatIsNotAPlainWebUrl() {
        assertThat(local.syntaxProblem(null)).isEqualTo("is required");
        assertThat(local.syntaxProblem("ftp://example.com/x")).isNotNull();
        assertThat(local.syntaxProblem("file:///etc/passwd")).isNotNull();
        assertThat(local.syntaxProblem("gopher://127.0.0.1:6379/_FLUSHALL")).isNotNull();
        assertThat(local.syntaxProblem("https://user:secret@example.com/")).isEqualTo("must not carry credentials");
        assertThat(local.syntaxProblem("https:///nohost")).isEqualTo("must name a host");
        assertThat(local.syntaxProblem("https://example.com/a b")).isEqualTo("is not a valid URL");
        assertThat(local.syntaxProblem("https://example.com/#frag")).isEqualTo("must not have a fragment");
        assertThat(local.syntaxProblem("https://example.com/" + "a".repeat(3000))).startsWith("is longer than");
    }
}
