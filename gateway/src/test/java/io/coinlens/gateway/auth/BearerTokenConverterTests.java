package io.coinlens.gateway.auth;

import io.coinlens.gateway.auth.BearerTokenConverter.PresentedToken;
import io.coinlens.gateway.auth.BearerTokenConverter.Source;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenConverterTests {

    @Test
    void readsTheAuthorizationHeader() {
        assertThat(BearerTokenConverter.presented(MockServerHttpRequest.get("/api/v1/alerts")
                .header("Authorization", "bearer abc.def.ghi").build()))
                .isEqualTo(new PresentedToken("abc.def.ghi", Source.HEADER));
    }

    @Test
    void otherSchemesAreNotBearerTokens() {
        assertThat(BearerTokenConverter.presented(MockServerHttpRequest.get("/api/v1/alerts")
                .header("Authorization", "Basic dXNlcjpwdw==").build())).isNull();
    }

    @Test
    void queryAndSubprotocolCountOnlyOnAWebSocketUpgrade() {
        assertThat(BearerTokenConverter.presented(MockServerHttpRequest.get("/api/v1/alerts?access_token=abc")
                .build())).isNull();
        assertThat(BearerTokenConverter.presented(upgrade("/ws?access_token=abc").build()))
                .isEqualTo(new PresentedToken("abc", Source.QUERY));
        assertThat(BearerTokenConverter.presented(upgrade("/ws").header("Sec-WebSocket-Protocol", "bearer, abc.def")
                .build())).isEqualTo(new PresentedToken("abc.def", Source.SUBPROTOCOL));
    }

    @Test
    void aTokenSentTwiceOrHalfIsRefused() {
        assertThatThrownBy(() -> BearerTokenConverter.presented(upgrade("/ws?access_token=abc")
                .header("Authorization", "Bearer abc").build()))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .extracting(e -> ((OAuth2AuthenticationException) e).getError().getErrorCode())
                .isEqualTo("invalid_request");
        assertThatThrownBy(() -> BearerTokenConverter.presented(upgrade("/ws")
                .header("Sec-WebSocket-Protocol", "bearer").build()))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> BearerTokenConverter.presented(MockServerHttpRequest.get("/")
                .header("Authorization", "Bearer a b").build()))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .extracting(e -> ((OAuth2AuthenticationException) e).getError().getErrorCode())
                .isEqualTo("invalid_token");
    }

    private static MockServerHttpRequest.BaseBuilder<?> upgrade(String uri) {
        return MockServerHttpRequest.get(uri).header("Upgrade", "websocket").header("Connection", "Upgrade");
    }
}
