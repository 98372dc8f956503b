package io.coinlens.gateway.config;

import io.coinlens.gateway.auth.BearerTokenConverter;
import io.coinlens.starter.security.JwksCache;
import io.coinlens.starter.security.VerifiedTokenCache;
import io.coinlens.gateway.edge.ManagementExchanges;
import io.coinlens.gateway.ratelimit.RateLimitFilter;
import io.coinlens.gateway.web.ProblemWriter;
import io.coinlens.starter.RequestIdWebFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtGrantedAuthoritiesConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The edge's access rules. Tokens are user-service's access tokens (signed with a key from its JWKS by an algorithm on the allow-list, ES256 only by default, {@code typ
 * at+jwt}, our issuer and audience, unexpired within the clock skew); the token is passed on untouched, and services
 * check it again. Public without a token: sign-up, login and refresh, the JWKS, read-only market data, the stream
 * (a token there is optional, but checked if sent), the probes and the API docs. Every other routed path needs a
 * valid token; paths no route serves pass, to be answered 404. 401 and 403 are problem+json with {@code WWW-Authenticate}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String[] PUBLIC_MARKET_READS = {"/api/v1/market/**", "/api/v1/candles", "/api/v1/indicators/**",
            "/api/v1/signals", "/api/v1/analytics/**", "/api/v1/sentiment/**"};
    static final String[] API_DOCS = {"/swagger-ui.html", "/swagger-ui/**", "/webjars/**", "/v3/api-docs",
            "/v3/api-docs/**"};
    static final String ACCESS_TOKEN_TYPE = "at+jwt";
    static final String ROLES = "roles";

    @Bean
    SecurityWebFilterChain edgeSecurity(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            CorsConfigurationSource cors, ProblemWriter problems) {
        ServerAuthenticationEntryPoint unauthenticated = (exchange, failure) -> {
            BearerTokenError error = failure instanceof OAuth2AuthenticationException oauth
                    && oauth.getError() instanceof BearerTokenError bearer ? bearer : null;
            HttpStatus status = error != null ? error.getHttpStatus() : HttpStatus.UNAUTHORIZED;
            String challenge = error == null ? "Bearer"
                    : "Bearer error=\"" + error.getErrorCode() + "\", error_description=\""
                            + (status == HttpStatus.BAD_REQUEST ? "The request carries the token more than once"
                                    : "The access token is invalid or expired") + "\"";
            String detail = error == null ? "This needs an access token: send Authorization: Bearer <token>."
                    : status == HttpStatus.BAD_REQUEST ? "The access token was sent more than once or incompletely."
                            : "The access token is invalid or expired.";
            return problems.write(exchange, status, detail, h -> h.set(HttpHeaders.WWW_AUTHENTICATE, challenge));
        };
        ServerAccessDeniedHandler forbidden = (exchange, denied) -> problems.write(exchange, HttpStatus.FORBIDDEN,
                "This account may not do that.",
                h -> h.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\""));
        ServerWebExchangeMatcher managementPort = exchange -> ManagementExchanges.isManagement(exchange)
                ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
        return http
                // Tokens travel in a header, never in cookies, so there is nothing for CSRF to ride on.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // SecurityHeadersWebFilter sets them, per path and overriding the services'.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .cors(spec -> spec.configurationSource(cors))
                .authorizeExchange(exchanges -> exchanges
                        // Only /actuator is served there (PortSeparationWebFilter), and the port is not public.
                        .matchers(managementPort).permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/auth/register", "/api/v1/auth/login",
                                "/api/v1/auth/refresh").permitAll()
                        .pathMatchers("/api/v1/auth/signing-keys/**").hasRole("admin")
                        .pathMatchers(HttpMethod.GET, "/.well-known/jwks.json").permitAll()
                        .pathMatchers(HttpMethod.GET, PUBLIC_MARKET_READS).permitAll()
                        .pathMatchers(HttpMethod.GET, "/ws").permitAll()
                        .pathMatchers(HttpMethod.GET, "/actuator/health/liveness", "/actuator/health/readiness",
                                "/livez", "/readyz").permitAll()
                        .pathMatchers(HttpMethod.GET, API_DOCS).permitAll()
                        // Not routed: answered 404 whoever asks (the routes are documented anyway).
                        .matchers(new NegatedServerWebExchangeMatcher(
                                ServerWebExchangeMatchers.pathMatchers(RouteConfig.ROUTED))).permitAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerTokenConverter())
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(roles()))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .build();
    }

    /** The firewall's refusals (odd methods, encoded slashes, "..") as problem+json like every other error. */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemWriter problems) {
        return (exchange, rejected) -> problems.write(exchange, HttpStatus.BAD_REQUEST, "The request is malformed.");
    }

    @Bean
    JwksCache jwksClient(GatewayProperties properties) {
        GatewayProperties.Jwt jwt = properties.jwt();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) jwt.jwksTimeout().toMillis())
                .responseTimeout(jwt.jwksTimeout());
        WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        return new JwksCache(web, jwt.jwksUri(), jwt.jwksCacheTtl(), jwt.jwksRefreshMinInterval(),
                jwt.jwksTimeout(), Clock.systemUTC());
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwksCache jwks, GatewayProperties properties) {
        // An allow-list of asymmetric algorithms (ES256, what user-service signs with): "none", HMAC signed with the
        // public key, and any other algorithm never verify. Our own selector, as the builder takes one algorithm only.
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(jwks::keysFor)
                .validateType(false)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                        algorithms(properties.jwt()), new JWKSecurityContextJWKSet())))
                .build();
        decoder.setJwtValidator(validator(properties.jwt()));
        GatewayProperties.Jwt jwt = properties.jwt();
        if (jwt.verifiedCacheSize() == 0) {
            return decoder;
        }
        return new VerifiedTokenCache(decoder, timestamps(jwt), jwt.verifiedCacheSize(), jwt.clockSkew(),
                Clock.systemUTC());
    }

    private static Set<JWSAlgorithm> algorithms(GatewayProperties.Jwt jwt) {
        return jwt.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
    }

    private static JwtTimestampValidator timestamps(GatewayProperties.Jwt settings) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        return timestamps;
    }

    static OAuth2TokenValidator<Jwt> validator(GatewayProperties.Jwt settings) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtTypeValidator(ACCESS_TOKEN_TYPE, "application/" + ACCESS_TOKEN_TYPE),
                timestamps(settings),
                new JwtIssuerValidator(settings.issuer()),
                new JwtAudienceValidator(settings.audience()),
                new JwtClaimValidator<Object>(JwtClaimNames.SUB, Objects::nonNull)));
    }

    /** {@code roles: ["admin"]} becomes the authority {@code ROLE_admin}, as in user-service. */
    private static ReactiveJwtAuthenticationConverter roles() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES);
        roles.setAuthorityPrefix("ROLE_");
        ReactiveJwtAuthenticationConverter converter = new ReactiveJwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new ReactiveJwtGrantedAuthoritiesConverterAdapter(roles));
        return converter;
    }

    /** Browser scripts from the listed origins only; tokens are sent as headers, so no credentials mode. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(GatewayProperties properties) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(properties.cors().allowedOrigins());
        config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        config.setAllowedHeaders(properties.cors().allowedHeaders());
        config.setExposedHeaders(List.of(RequestIdWebFilter.HEADER, RateLimitFilter.LIMIT, RateLimitFilter.REMAINING,
                RateLimitFilter.RESET, HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION, HttpHeaders.WWW_AUTHENTICATE,
                HttpHeaders.ETAG));
        config.setAllowCredentials(false);
        config.setMaxAge(properties.cors().maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
