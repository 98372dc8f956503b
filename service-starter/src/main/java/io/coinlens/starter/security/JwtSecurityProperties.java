package io.coinlens.starter.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How a service checks user-service's access tokens itself, under {@code coinlens.security.jwt}. Setting
 * {@code jwks-uri} turns it on. Issuer and audience must match user-service's {@code coinlens.users.tokens.*}.
 *
 * @param jwksUri user-service's {@code /.well-known/jwks.json}
 * @param clockSkew tolerated clock difference when checking {@code exp} and {@code nbf}
 * @param jwksCacheTtl how long fetched keys are used before the JWKS is fetched again (the old keys stay in use
 *                     while user-service cannot be reached)
 * @param jwksRefreshMinInterval how soon a token naming an unknown key may cause another fetch, so made-up key ids
 *                               cannot turn every service against user-service
 * @param jwksTimeout connect and response timeout of a JWKS fetch
 * @param verifiedCacheSize how many verified tokens are remembered until they expire, so that a client's repeated
 *                          token costs no second signature check (ES256 verification is most of a small request's
 *                          CPU); 0 checks every time
 * @param publicPaths paths open to GET without a token (the actuator: only what management exposes, and its port
 *                    is not routed by the gateway; the API docs); everything else needs a valid one
 */
@Validated
@ConfigurationProperties("coinlens.security.jwt")
public record JwtSecurityProperties(
        @NotNull URI jwksUri,
        @NotBlank @DefaultValue("https://coinlens.io") String issuer,
        @NotBlank @DefaultValue("coinlens-api") String audience,
        @NotNull @DefaultValue("30s") Duration clockSkew,
        @NotNull @DefaultValue("5m") Duration jwksCacheTtl,
        @NotNull @DefaultValue("30s") Duration jwksRefreshMinInterval,
        @NotNull @DefaultValue("2s") Duration jwksTimeout,
        @PositiveOrZero @DefaultValue("10000") long verifiedCacheSize,
        @NotNull @DefaultValue({"/actuator/**", "/v3/api-docs",
                "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**"}) List<String> publicPaths) {
}
