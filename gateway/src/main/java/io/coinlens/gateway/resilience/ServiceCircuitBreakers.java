package io.coinlens.gateway.resilience;

import io.coinlens.gateway.config.GatewayProperties;
import io.coinlens.gateway.web.ProblemWriter;
import io.coinlens.starter.RequestIdWebFilter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * One Resilience4j circuit breaker per service. It counts connection failures, timeouts and 502/503/504 answers;
 * while it is open, calls fail at once with 503 problem+json naming the service and a {@code Retry-After}, instead
 * of piling up on a service that is down. A service's own 502/503/504 answer still reaches the client unchanged
 * (it may carry a useful problem detail); only the gateway's own failures become its problem answers.
 */
public final class ServiceCircuitBreakers {

    private static final Logger log = LoggerFactory.getLogger(ServiceCircuitBreakers.class);
    private static final Set<Integer> FAILING_STATUSES = Set.of(502, 503, 504);

    private final CircuitBreakerRegistry registry;
    private final ProblemWriter problems;
    private final long retryAfterSeconds;

    public ServiceCircuitBreakers(GatewayProperties.CircuitBreaker settings, ProblemWriter problems) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .recordException(ServiceCircuitBreakers::isServiceFailure)
                .ignoreException(failure -> !isServiceFailure(failure))
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
        this.problems = problems;
        this.retryAfterSeconds = Math.max(1, settings.waitInOpenState().toSeconds());
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }

    public CircuitBreaker breaker(String service) {
        return registry.circuitBreaker(service);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** What the client is told when the service could not be reached (503, with {@link #retryAfterSeconds()}). */
    public String unavailableDetail(String service) {
        return service + " is unavailable right now. Try again in " + retryAfterSeconds + " s.";
    }

    /** What the client is told when the service did not answer within the route's response timeout (504). */
    public static String timeoutDetail(String service) {
        return service + " did not answer in time.";
    }

    public static boolean isFailingStatus(int status) {
        return FAILING_STATUSES.contains(status);
    }

    /** The failure to record for a service's own 502, 503 or 504 answer, which is passed on unchanged. */
    public static RuntimeException answerFailed(HttpStatusCode status) {
        return new ServiceAnswerFailed(status);
    }

    public GatewayFilter filter(String service) {
        CircuitBreaker breaker = registry.circuitBreaker(service);
        return (exchange, chain) -> chain.filter(exchange)
                .then(Mono.defer(() -> {
                    HttpStatusCode status = exchange.getResponse().getStatusCode();
                    return status != null && FAILING_STATUSES.contains(status.value())
                            ? Mono.<Void>error(new ServiceAnswerFailed(status)) : Mono.<Void>empty();
                }))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(failure -> fallback(exchange, service, failure));
    }

    private Mono<Void> fallback(ServerWebExchange exchange, String service, Throwable failure) {
        if (failure instanceof ServiceAnswerFailed) {
            return Mono.empty();
        }
        if (failure instanceof CallNotPermittedException) {
            return unavailable(exchange, service, service + " is unavailable right now; the gateway is not calling it"
                    + " for a while. Try again in " + retryAfterSeconds + " s.");
        }
        if (!isServiceFailure(failure)) {
            return Mono.error(failure);
        }
        log.warn("{} failed for {} {} (request {}): {}", service, exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), exchange.getResponse().getHeaders().getFirst(RequestIdWebFilter.HEADER),
                failure.toString());
        if (isTimeout(failure)) {
            ServerWebExchangeUtils.reset(exchange);
            return problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, timeoutDetail(service));
        }
        return unavailable(exchange, service, unavailableDetail(service));
    }

    private Mono<Void> unavailable(ServerWebExchange exchange, String service, String detail) {
        ServerWebExchangeUtils.reset(exchange);
        return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, detail,
                headers -> headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }

    public static boolean isServiceFailure(Throwable failure) {
        if (failure instanceof ServiceAnswerFailed) {
            return true;
        }
        if (failure instanceof ResponseStatusException status) {
            return FAILING_STATUSES.contains(status.getStatusCode().value());
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.coinlens.gateway.edge.RequestBodyLimitWebFilter.BodyTooLargeException) {
                return false;
            }
            if (cause instanceof IOException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    public static boolean isTimeout(Throwable failure) {
        if (failure instanceof ResponseStatusException status) {
            return status.getStatusCode().value() == 504;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.net.SocketTimeoutException
                    || cause instanceof io.netty.handler.timeout.ReadTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The service answered 502, 503 or 504: a failure for the breaker, but its answer is passed on. */
    static final class ServiceAnswerFailed extends RuntimeException {

        ServiceAnswerFailed(HttpStatusCode status) {
            super("service answered " + status.value(), null, false, false);
        }
    }
}
