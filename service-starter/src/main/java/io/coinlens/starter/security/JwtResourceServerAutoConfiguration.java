package io.coinlens.starter.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import io.netty.channel.ChannelOption;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtGrantedAuthoritiesConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every service checks the user's access token itself, with the same rules as the gateway, so nothing behind the
 * gateway trusts a header a client could set: ES256 or RS256 only (never {@code none} or HMAC) with keys from
 * user-service's JWKS, {@code typ at+jwt}, our issuer and audience, a subject, and an expiry within the clock skew.
 * On when {@code coinlens.security.jwt.jwks-uri} is set. A service may declare its own
 * {@link SecurityWebFilterChain}; the default one lets {@code public-paths} through and needs a valid token for
 * everything else, answering 401 and 403 as problem+json.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"})
@ConditionalOnClass({ReactiveJwtDecoder.class, ServerHttpSecurity.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(prefix = "coinlens.security.jwt", name = "jwks-uri")
@EnableConfigurationProperties(JwtSecurityProperties.class)
@EnableWebFluxSecurity
public class JwtResourceServerAutoConfiguration {

    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    public static final String ROLES = "roles";

    @Bean
    @ConditionalOnMissingBean
    JwksCache jwksCache(JwtSecurityProperties properties) {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.jwksTimeout().toMillis())
                .responseTimeout(properties.jwksTimeout());
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        return new JwksCache(web, properties.jwksUri(), properties.jwksCacheTtl(), properties.jwksRefreshMinInterval(),
                properties.jwksTimeout(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder jwtDecoder(JwksCache jwks, JwtSecurityProperties properties) {
        // The builder keeps one algorithm only, hence our own key selector with the allow-list.
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(jwks::keysFor)
                .validateType(false)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                        Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256), new JWKSecurityContextJWKSet())))
                .build();
        decoder.setJwtValidator(validator(properties, Clock.systemUTC()));
        // A failure to fetch keys is not the token's fault: as a (non-Bad) JwtException it becomes a 503, not a 401.
        ReactiveJwtDecoder verifying = token -> decoder.decode(token).onErrorMap(e -> !(e instanceof JwtException),
                e -> new JwtException("cannot verify the token: " + e.getMessage(), e));
        if (properties.verifiedCacheSize() == 0) {
            return verifying;
        }
        return new VerifiedTokenCache(verifying, timestamps(properties, Clock.systemUTC()),
                properties.verifiedCacheSize(), properties.clockSkew(), Clock.systemUTC());
    }

    /** The claims an access token must carry; public so a service can reuse it in its own decoder. */
    public static OAuth2TokenValidator<Jwt> validator(JwtSecurityProperties properties, Clock clock) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTypeValidator(ACCESS_TOKEN_TYPE, "application/" + ACCESS_TOKEN_TYPE),
                timestamps(properties, clock),
                new JwtIssuerValidator(properties.issuer()),
                new JwtAudienceValidator(properties.audience()),
                new JwtClaimValidator<Object>(JwtClaimNames.SUB, Objects::nonNull)));
    }

    private static JwtTimestampValidator timestamps(JwtSecurityProperties properties, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        return timestamps;
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityProblems securityProblems(ServerCodecConfigurer codecs) {
        return new SecurityProblems(codecs);
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtAuthenticationConverter jwtAuthenticationConverter() {
        // roles: ["admin"] becomes the authority ROLE_admin, as in user-service and the gateway.
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES);
        roles.setAuthorityPrefix("ROLE_");
        ReactiveJwtAuthenticationConverter converter = new ReactiveJwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new ReactiveJwtGrantedAuthoritiesConverterAdapter(roles));
        return converter;
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain jwtSecurityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            ReactiveJwtAuthenticationConverter authentication, SecurityProblems problems,
            JwtSecurityProperties properties) {
        return http
                // Tokens travel in a header, never in cookies, so there is nothing for CSRF to ride on.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, properties.publicPaths().toArray(String[]::new)).permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint(problems.entryPoint())
                        .authenticationFailureHandler(problems.failureHandler())
                        .accessDeniedHandler(problems.accessDeniedHandler()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(problems.entryPoint())
                        .accessDeniedHandler(problems.accessDeniedHandler()))
                .build();
    }
}
