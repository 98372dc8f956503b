package io.coinlens.starter.security;

import io.coinlens.testing.AccessTokens;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityProblemsTests {

    private final SecurityProblems problems = new SecurityProblems(ServerCodecConfigurer.create());

    @Test
    void aTokenThatCannotBeCheckedIsA503ProblemAndABadOneA401() {
        MockServerWebExchange unavailable = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/x"));
        problems.failureHandler().onAuthenticationFailure(new WebFilterExchange(unavailable, e -> Mono.empty()),
                new AuthenticationServiceException("JWKS unreachable")).block();
        assertThat(unavailable.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(unavailable.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(unavailable.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(unavailable.getResponse().getBodyAsString().block()).contains("\"status\":503");

        MockServerWebExchange invalid = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/x"));
        problems.failureHandler().onAuthenticationFailure(new WebFilterExchange(invalid, e -> Mono.empty()),
                new InvalidBearerTokenException("bad signature")).block();
        assertThat(invalid.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(invalid.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .startsWith("Bearer error=\"invalid_token\"");
    }

    @Test
    void whenNoKeysCanBeFetchedTheDecoderFailsAsUnavailableNotAsABadToken() {
        JwtSecurityProperties properties = new JwtSecurityProperties(URI.create("http://127.0.0.1:9/jwks.json"),
                "https://coinlens.io", "coinlens-api", Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 10_000, java.util.List.of());
        JwksCache unreachable = new JwksCache(WebClient.create(), properties.jwksUri(), properties.jwksCacheTtl(),
                properties.jwksRefreshMinInterval(), properties.jwksTimeout(), Clock.systemUTC());
        ReactiveJwtDecoder decoder = new JwtResourceServerAutoConfiguration().jwtDecoder(unreachable, properties);
        Object failure = decoder.decode(AccessTokens.forUser("u").build())
                .map(Object.class::cast).onErrorResume(Mono::just).block(Duration.ofSeconds(10));
        // A BadJwtException would become a 401; a plain JwtException becomes the failure handler's 503.
        assertThat(failure).isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class);
    }
}
