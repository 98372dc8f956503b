package io.coinlens.gateway.ratelimit;

import io.coinlens.gateway.config.GatewayProperties;
import io.coinlens.gateway.edge.ClientAddressResolver;
import io.coinlens.gateway.web.EventLoops;
import io.coinlens.gateway.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Rate-limits one route with one policy: per user when a verified token came with the request, else per client
 * address. Allowed answers carry {@code X-RateLimit-Limit} (the burst), {@code X-RateLimit-Remaining} and
 * {@code X-RateLimit-Reset} (seconds until the bucket is full again); a refusal is 429 problem+json with
 * {@code Retry-After}. If Redis does not answer in time the policy decides: fail open (serve, unlimited) or fail
 * closed (503 with {@code Retry-After}).
 */
public final class RateLimitFilter implements GatewayFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String RESET = "X-RateLimit-Reset";

    private final String name;
    private final GatewayProperties.Policy policy;
    private final Duration redisTimeout;
    private final TokenLeases buckets;
    private final ClientAddressResolver addresses;
    private final ProblemWriter problems;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - 20_000_000_000L);

    public RateLimitFilter(String name, GatewayProperties.Policy policy, Duration redisTimeout, TokenLeases buckets,
            ClientAddressResolver addresses, ProblemWriter problems, MeterRegistry meters) {
        this.name = name;
        this.policy = policy;
        this.redisTimeout = redisTimeout;
        this.buckets = buckets;
        this.addresses = addresses;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return key(exchange).flatMap(key -> {
            String bucket = name + ":" + key;
            TokenBucket.Decision leased = buckets.spendLocally(bucket);
            if (leased != null) {
                return apply(leased, exchange, chain);
            }
            Mono<Optional<TokenBucket.Decision>> asked = buckets.lease(bucket, policy)
                    .timeout(redisTimeout)
                    .map(Optional::of)
                    .onErrorResume(e -> {
                        warnAtMostEvery10s(e);
                        return Mono.just(Optional.empty());
                    });
            return EventLoops.backOnEventLoop(exchange, asked)
                    .flatMap(decision -> decision.isPresent() ? apply(decision.get(), exchange, chain)
                            : unknown(exchange, chain));
        });
    }

    private Mono<Void> apply(TokenBucket.Decision decision, ServerWebExchange exchange, GatewayFilterChain chain) {
        describe(decision, exchange.getResponse().getHeaders()::set);
        if (decision.allowed()) {
            count("allowed");
            return chain.filter(exchange);
        }
        count("limited");
        long retryAfter = Math.max(1, seconds(decision.retryAfterMillis()));
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests. Try again in " + retryAfter + " s.",
                h -> h.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)));
    }

    private Mono<Void> unknown(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (policy.failOpen()) {
            count("unchecked");
            return chain.filter(exchange);
        }
        count("refused");
        return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                "This endpoint is closed while its rate limit cannot be checked. Try again shortly.",
                h -> h.set(HttpHeaders.RETRY_AFTER, "5"));
    }

    private Mono<String> key(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> "user:" + principal.getName())
                .switchIfEmpty(Mono.fromSupplier(() ->
                        "ip:" + ClientAddressResolver.bucketKey(addresses.resolve(exchange.getRequest()))));
    }

    /** One line per 10 s, not one per request, while Redis is away. */
    public void warnAtMostEvery10s(Throwable failure) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last > 10_000_000_000L && lastWarning.compareAndSet(last, now)) {
            log.warn("rate limit {} unknown, Redis failed: {}", name, failure.toString());
        }
    }

    /** The {@code X-RateLimit-*} headers of a decision. */
    public void describe(TokenBucket.Decision decision, BiConsumer<String, String> set) {
        set.accept(LIMIT, Integer.toString(policy.capacity()));
        set.accept(REMAINING, Long.toString(decision.remaining()));
        set.accept(RESET, Long.toString(seconds(decision.fullInMillis())));
    }

    public GatewayProperties.Policy policy() {
        return policy;
    }

    public Duration redisTimeout() {
        return redisTimeout;
    }

    /** The bucket of a verified token's subject under this policy. */
    public String userBucket(String subject) {
        return name + ":user:" + subject;
    }

    public TokenLeases buckets() {
        return buckets;
    }

    /** Counts a decision in {@code coinlens.gateway.rate.limit}: allowed, limited, unchecked or refused. */
    public void count(String outcome) {
        counters.computeIfAbsent(outcome,
                key -> meters.counter("coinlens.gateway.rate.limit", "policy", name, "outcome", key)).increment();
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
