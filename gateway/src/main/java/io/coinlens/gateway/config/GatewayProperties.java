package io.coinlens.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's settings, under {@code coinlens.gateway}: where each service listens, how tokens are checked, the
 * rate limits, which proxies may speak for a client, CORS, the body size limit, timeouts and circuit breakers.
 *
 * @param trustedProxies CIDR blocks of proxies in front of the gateway (load balancer, ingress); only a peer in one
 *                       of them may tell the client's address in {@code X-Forwarded-For} or the scheme in
 *                       {@code X-Forwarded-Proto}. Empty: nobody may, the peer is the client.
 * @param maxRequestBody the largest request body passed on; a larger one is refused with 413
 */
@Validated
@ConfigurationProperties("coinlens.gateway")
public record GatewayProperties(
        @DefaultValue @Valid Services services,
        @DefaultValue @Valid Jwt jwt,
        @DefaultValue @Valid RateLimit rateLimit,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue @Valid Cors cors,
        @DefaultValue("1MB") @NotNull DataSize maxRequestBody,
        @DefaultValue @Valid Timeouts timeouts,
        @DefaultValue @Valid CircuitBreaker circuitBreaker,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid ExpressLane expressLane) {

    public record Services(
            @NotNull @DefaultValue("http://localhost:8081") URI userService,
            @NotNull @DefaultValue("http://localhost:8082") URI marketDataService,
            @NotNull @DefaultValue("http://localhost:8083") URI analyticsService,
            @NotNull @DefaultValue("http://localhost:8084") URI sentimentService,
            @NotNull @DefaultValue("http://localhost:8085") URI portfolioService,
            @NotNull @DefaultValue("http://localhost:8086") URI mlService) {
    }

    /**
     * How access tokens from user-service are checked.
     *
     * @param issuer must equal user-service's {@code coinlens.users.tokens.issuer}
     * @param jwksCacheTtl how long fetched keys are used before the JWKS is fetched again (stale keys are kept
     *                     while user-service cannot be reached)
     * @param jwksRefreshMinInterval how soon a token naming an unknown key may cause another fetch; stops random
     *                               {@code kid}s from turning the gateway against user-service
     * @param algorithms the signature algorithms accepted (JWS names); only asymmetric ones make sense here
     * @param verifiedCacheSize how many verified tokens are remembered until they expire, so a token's signature is
     *                          checked once rather than on every request; 0 checks every time
     */
    public record Jwt(
            @NotNull @DefaultValue("http://localhost:8081/.well-known/jwks.json") URI jwksUri,
            @NotBlank @DefaultValue("https://coinlens.io") String issuer,
            @NotBlank @DefaultValue("coinlens-api") String audience,
            @NotNull @DefaultValue("30s") Duration clockSkew,
            @NotNull @DefaultValue("5m") Duration jwksCacheTtl,
            @NotNull @DefaultValue("30s") Duration jwksRefreshMinInterval,
            @NotNull @DefaultValue("2s") Duration jwksTimeout,
            @Min(0) @DefaultValue("10000") long verifiedCacheSize,
            @NotEmpty @DefaultValue("ES256") List<String> algorithms) {

        @AssertTrue(message = "jwt.algorithms may name asymmetric JWS algorithms only (ES256, ES384, RS256, PS256, ...)")
        boolean isAsymmetricOnly() {
            return algorithms.stream().allMatch(name -> name.matches("(ES|RS|PS)(256|384|512)|EdDSA|Ed25519"));
        }
    }

    /**
     * Token buckets in Redis: {@code api} for every route but {@code /api/v1/auth/**}, which gets {@code auth}.
     * Buckets are per user (the token's {@code sub}) when a valid token came with the request, else per client
     * address.
     *
     * @param redisTimeout how long a request waits for Redis before the policy's {@code fail-open} decides
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("250ms") Duration redisTimeout,
            @Valid Policy api,
            @Valid Policy auth) {

        public RateLimit {
            // Reads stay up when Redis is down; credential guessing must not get unlimited tries.
            api = api != null ? api : new Policy(100, 50, true, 16);
            auth = auth != null ? auth : new Policy(10, 0.2, false, 1);
        }
    }

    /**
     * @param capacity the burst: requests allowed at once from a full bucket
     * @param refillPerSecond the sustained rate
     * @param failOpen when Redis cannot be asked: true lets requests through unlimited, false refuses them with 503.
     *                 A policy is set whole or not at all (there is no sensible default for half of one).
     * @param lease    the most tokens a gateway takes from Redis at once for one client and spends locally for up to
     *                 a second (TokenLeases); 1 asks Redis on every request, exact to the token
     */
    public record Policy(@Min(1) int capacity, @DecimalMin("0.001") double refillPerSecond, boolean failOpen,
            @Min(1) @DefaultValue("1") int lease) {
    }

    /** Origins whose browser scripts may call the API; any other gets no CORS headers. */
    public record Cors(
            @DefaultValue("http://localhost:3000") List<String> allowedOrigins,
            @DefaultValue({"Authorization", "Content-Type", "Accept", "X-Request-Id", "Idempotency-Key", "If-Match",
                    "If-None-Match"}) List<String> allowedHeaders,
            @NotNull @DefaultValue("1h") Duration maxAge) {

        @AssertTrue(message = "allowed-origins must name origins; '*' would let any site read responses")
        boolean isExplicit() {
            return allowedOrigins.stream().noneMatch(origin -> origin.contains("*"));
        }
    }

    /**
     * @param perRoute overrides by route id ({@code user-service}, {@code ml-service}, ...); unset values default
     */
    public record Timeouts(
            @NotNull @DefaultValue("2s") Duration connect,
            @NotNull @DefaultValue("10s") Duration response,
            @DefaultValue Map<String, RouteTimeouts> perRoute) {

        public Duration connectFor(String routeId) {
            RouteTimeouts route = perRoute.get(routeId);
            return route != null && route.connect() != null ? route.connect() : connect;
        }

        public Duration responseFor(String routeId) {
            RouteTimeouts route = perRoute.get(routeId);
            return route != null && route.response() != null ? route.response() : response;
        }
    }

    public record RouteTimeouts(Duration connect, Duration response) {
    }

    /** One breaker per service; counts connection failures, timeouts and 502/503/504 answers. */
    public record CircuitBreaker(
            @Min(1) @DefaultValue("20") int slidingWindowSize,
            @Min(1) @DefaultValue("10") int minimumNumberOfCalls,
            @DecimalMin("1") @DefaultValue("50") float failureRateThreshold,
            @NotNull @DefaultValue("10s") Duration waitInOpenState,
            @Min(1) @DefaultValue("3") int permittedCallsInHalfOpenState) {
    }

    /** Retries of idempotent GETs after connection failures or 502/503; never of other methods. */
    public record Retry(
            @Min(0) @DefaultValue("2") int retries,
            @NotNull @DefaultValue("50ms") Duration firstBackoff,
            @NotNull @DefaultValue("500ms") Duration maxBackoff) {
    }

    /**
     * @param enabled whether plain authenticated GETs of API routes, with a token already verified, are proxied on
     *                Reactor Netty directly (ExpressLane) instead of through the WebFlux application; same answers,
     *                about half the CPU
     */
    public record ExpressLane(@DefaultValue("true") boolean enabled) {
    }

    /** Kept here so a typo in a route id of {@code timeouts.per-route} fails at start instead of doing nothing. */
    @AssertTrue(message = "timeouts.per-route names a route that does not exist")
    boolean isPerRouteTimeoutKnown() {
        return RouteConfig.ROUTE_IDS.containsAll(timeouts.perRoute().keySet());
    }

    @AssertTrue(message = "trusted-proxies must be CIDR blocks or addresses, e.g. 10.0.0.0/8")
    boolean isTrustedProxiesValid() {
        return trustedProxies.stream().allMatch(io.coinlens.gateway.edge.ClientAddressResolver::isValidCidr);
    }
}
