package io.coinlens.gateway.express;

import io.coinlens.gateway.auth.BearerTokenConverter;
import io.coinlens.gateway.edge.ClientAddressResolver;
import io.coinlens.gateway.edge.ClientHeadersFilter;
import io.coinlens.gateway.edge.CorsResponseHeadersFilter;
import io.coinlens.gateway.edge.SecurityHeadersWebFilter;
import io.coinlens.gateway.ratelimit.RateLimitFilter;
import io.coinlens.gateway.ratelimit.TokenBucket;
import io.coinlens.gateway.resilience.ServiceCircuitBreakers;
import io.coinlens.gateway.web.EventLoops;
import io.coinlens.gateway.web.ProblemWriter;
import io.coinlens.starter.RequestIdWebFilter;
import io.coinlens.starter.security.VerifiedTokenCache;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.retry.Retry;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The gateway's fast path for the bulk of its traffic: a plain authenticated GET of an API route, proxied on Reactor
 * Netty without the WebFlux application in between (which cost more than half of the gateway's CPU per request,
 * BENCHMARKS-gateway.md). It decides nothing on its own that the full path would decide differently: it takes a
 * request only when the answer is certain, and hands everything else, untouched, to the full path.
 * <ul>
 * <li>Only GET, without a body, an {@code Origin} (CORS stays with Spring Security) or an upgrade, on the public port,
 * to a path of an API route in plain form (letters, digits and {@code -._~} in non-empty segments: nothing for the
 * firewall to normalise or refuse), with printable ASCII headers and query.</li>
 * <li>Only with exactly one {@code Authorization: Bearer} token that the full path has already verified (signature,
 * algorithm, type, issuer, audience) and whose times still hold: the lane never checks a signature itself. Every
 * route it takes is open to any authenticated user at the edge (the admin-only signing-key routes are under
 * {@code /api/v1/auth}, which it never takes), and services check the token again.</li>
 * <li>Only while the service's circuit breaker lets calls through and the client's {@code api} rate limit allows the
 * request from its lease or Redis; a refusal, an open breaker, or Redis failing with a fail-closed policy go the full
 * way, which answers them.</li>
 * </ul>
 * What it does for a request is what the full path does: the request id, the client's forwarding headers,
 * {@code X-RateLimit-*}, the breaker around up to {@code retries} retries of 502/503 answers and connection failures,
 * the route's timeouts, problem+json for a service that cannot be reached (503) or does not answer in time (504),
 * security headers, a service's CORS headers dropped, and {@code http.server.requests}. A caller's trace context
 * ({@code traceparent}) is passed on unchanged; the gateway adds no span of its own for these requests.
 */
public final class ExpressLane implements BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> {

    private static final Logger log = LoggerFactory.getLogger(ExpressLane.class);
    /** Hop-by-hop headers (RFC 9110), the list the full path drops. */
    private static final Set<String> HOP_BY_HOP = RemoveHopByHopHeadersFilter.HEADERS_REMOVED_ON_REQUEST;
    /** What Spring's CORS processing adds to every response it sees, so that caches keep CORS answers apart. */
    private static final List<String> VARY = List.of("Origin", "Access-Control-Request-Method",
            "Access-Control-Request-Headers");

    /** One route of the lane: a path (exact, or a subtree with {@code /**}) and the service behind it. */
    public record Route(String routeId, String service, String pattern, String baseUrl, Duration connectTimeout,
            Duration responseTimeout) {

        boolean matches(String path) {
            if (pattern.endsWith("/**")) {
                String prefix = pattern.substring(0, pattern.length() - 3);
                return path.equals(prefix) || path.startsWith(prefix) && path.charAt(prefix.length()) == '/';
            }
            return path.equals(pattern);
        }
    }

    /** The retry policy of the full path's GET routes. */
    public record Retries(int retries, Duration firstBackoff, Duration maxBackoff) {
    }

    private record Target(Route route, Map<EventLoop, HttpClient> clients, CircuitBreaker breaker,
            Map<Integer, Timer[]> timers) {
    }

    private final List<Target> targets;
    private final LoopLocalClients clients;
    private final VerifiedTokenCache tokens;
    private final RateLimitFilter rateLimit;
    private final ServiceCircuitBreakers breakers;
    private final ClientAddressResolver addresses;
    private final ProblemWriter problems;
    private final Retries retries;
    private final BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> fullPath;
    private final MeterRegistry meters;
    private final Counter taken;
    private final Counter handedOn;
    private volatile int publicPort = -1;

    /**
     * @param rateLimit the {@code api} policy, or null when rate limiting is off
     * @param fullPath  the WebFlux application, for every request the lane does not take
     */
    public ExpressLane(List<Route> routes, LoopLocalClients clients, VerifiedTokenCache tokens,
            RateLimitFilter rateLimit, ServiceCircuitBreakers breakers, ClientAddressResolver addresses,
            ProblemWriter problems, Retries retries,
            BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> fullPath, MeterRegistry meters) {
        this.targets = routes.stream().map(route -> new Target(route, new ConcurrentHashMap<>(),
                breakers.breaker(route.service()), new ConcurrentHashMap<>())).toList();
        this.clients = clients;
        this.tokens = tokens;
        this.rateLimit = rateLimit;
        this.breakers = breakers;
        this.addresses = addresses;
        this.problems = problems;
        this.retries = retries;
        this.fullPath = fullPath;
        this.meters = meters;
        this.taken = meters.counter("coinlens.gateway.express", "outcome", "taken");
        this.handedOn = meters.counter("coinlens.gateway.express", "outcome", "full-path");
    }

    /** The public port, once the server is listening; until then every request takes the full path. */
    public void servePort(int port) {
        this.publicPort = port;
    }

    /** A cheap first look, for the server's routing: GETs under {@code /api/v1/}; {@link #apply} decides. */
    public static boolean mayTake(HttpServerRequest request) {
        return request.method() == HttpMethod.GET && request.uri().startsWith("/api/v1/");
    }

    @Override
    public Mono<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        Target target = target(request);
        Jwt token = target == null ? null : verifiedToken(request.requestHeaders());
        if (token == null || token.getSubject() == null || !target.breaker().tryAcquirePermission()) {
            return handOn(request, response);
        }
        if (rateLimit == null) {
            return proxy(request, response, target, null);
        }
        String bucket = rateLimit.userBucket(token.getSubject());
        TokenBucket.Decision spent = rateLimit.buckets().spendLocally(bucket);
        if (spent != null) {
            rateLimit.count("allowed");
            return proxy(request, response, target, spent);
        }
        Mono<Optional<TokenBucket.Decision>> asked = rateLimit.buckets().lease(bucket, rateLimit.policy())
                .timeout(rateLimit.redisTimeout())
                .map(Optional::of)
                .onErrorResume(e -> {
                    rateLimit.warnAtMostEvery10s(e);
                    return Mono.just(Optional.empty());
                });
        return EventLoops.backOnEventLoop((Connection) request, asked).flatMap(decision -> {
            if (decision.isPresent() && decision.get().allowed()) {
                rateLimit.count("allowed");
                return proxy(request, response, target, decision.get());
            }
            if (decision.isEmpty() && rateLimit.policy().failOpen()) {
                rateLimit.count("unchecked");
                return proxy(request, response, target, null);
            }
            // Refused, or closed while Redis is away: the full path answers (and asks Redis once more).
            target.breaker().releasePermission();
            return handOn(request, response);
        });
    }

    private Mono<Void> handOn(HttpServerRequest request, HttpServerResponse response) {
        handedOn.increment();
        return fullPath.apply(request, response);
    }

    /** The route's client on the request's own event loop, with the route's timeouts. */
    private HttpClient client(Target target, EventLoop loop) {
        Route route = target.route();
        return target.clients().computeIfAbsent(loop, on -> clients.on(on)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) route.connectTimeout().toMillis())
                .responseTimeout(route.responseTimeout()));
    }

    /** The route a request may take the lane on, or null. */
    private Target target(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || !isPublicPort(request)) {
            return null;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (!isPlainPath(path) || query >= 0 && !isPlainQuery(uri, query + 1)) {
            return null;
        }
        HttpHeaders headers = request.requestHeaders();
        if (headers.contains(HttpHeaderNames.ORIGIN) || headers.contains(HttpHeaderNames.UPGRADE)
                || headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || headers.contains(HttpHeaderNames.EXPECT)
                || hasBody(headers) || !isPrintable(headers)) {
            return null;
        }
        for (Target target : targets) {
            if (target.route().matches(path)) {
                return target;
            }
        }
        return null;
    }

    private boolean isPublicPort(HttpServerRequest request) {
        InetSocketAddress local = request.hostAddress();
        return local != null && local.getPort() == publicPort;
    }

    private Jwt verifiedToken(HttpHeaders headers) {
        List<String> authorizations = headers.getAll(HttpHeaderNames.AUTHORIZATION);
        if (authorizations.size() != 1) {
            return null;
        }
        String token = BearerTokenConverter.bearerToken(authorizations.get(0));
        return token == null ? null : tokens.verifiedEarlier(token);
    }

    private Mono<Void> proxy(HttpServerRequest request, HttpServerResponse response, Target target,
            TokenBucket.Decision decision) {
        taken.increment();
        long start = System.nanoTime();
        HttpHeaders incoming = request.requestHeaders();
        String requestId = RequestIdWebFilter.acceptOrCreate(incoming.get(RequestIdWebFilter.HEADER));
        InetSocketAddress peer = request.remoteAddress();
        boolean secure = addresses.isSecure("https".equals(request.scheme()), peer,
                incoming.getAll("X-Forwarded-Proto"));
        InetAddress client = addresses.resolve(peer, incoming.getAll("X-Forwarded-For"));
        String url = target.route().baseUrl() + request.uri();
        HttpClient call = client(target, ((Connection) request).channel().eventLoop())
                .headers(out -> forwardHeaders(incoming, out, requestId, client, secure));
        AtomicInteger attempts = new AtomicInteger();
        // One outcome per call for the breaker, however the call ends (a body can still fail after the answer).
        BreakerCall outcome = new BreakerCall(target.breaker(), start);
        return Mono.defer(() -> {
                    int attempt = attempts.incrementAndGet();
                    return call.get().uri(url).response((answer, body) -> {
                        int status = answer.status().code();
                        if ((status == 502 || status == 503) && attempt <= retries.retries()) {
                            return body.then(Mono.error(new RetryableAnswer()));
                        }
                        if (ServiceCircuitBreakers.isFailingStatus(status)) {
                            outcome.failed(ServiceCircuitBreakers.answerFailed(HttpStatusCode.valueOf(status)));
                        } else {
                            outcome.succeeded();
                        }
                        response.status(answer.status());
                        HttpHeaders out = response.responseHeaders();
                        copyAnswerHeaders(answer.responseHeaders(), out);
                        edgeHeaders(out, requestId, decision, secure);
                        return response.send(body.retain()).then()
                                .doOnSuccess(done -> record(target, status, start));
                    }).then();
                })
                .retryWhen(Retry.backoff(retries.retries(), retries.firstBackoff()).maxBackoff(retries.maxBackoff())
                        .jitter(0).filter(ExpressLane::isRetryable))
                .onErrorResume(failure -> failed(request, response, target, requestId, decision, secure, start,
                        outcome, Exceptions.isRetryExhausted(failure) ? failure.getCause() : failure))
                .doOnCancel(outcome::abandoned);
    }

    private Mono<Void> failed(HttpServerRequest request, HttpServerResponse response, Target target,
            String requestId, TokenBucket.Decision decision, boolean secure, long start, BreakerCall outcome,
            Throwable failure) {
        boolean timeout = ServiceCircuitBreakers.isTimeout(failure);
        if (!timeout && !ServiceCircuitBreakers.isServiceFailure(failure)) {
            outcome.abandoned();
            return Mono.error(failure);
        }
        outcome.failed(timeout ? new TimeoutException("no answer in time") : failure);
        String service = target.route().service();
        log.warn("{} failed for GET {} (request {}): {}", service, request.fullPath(), requestId, failure.toString());
        if (response.hasSentHeaders()) {
            return Mono.error(failure);
        }
        int status = timeout ? 504 : 503;
        String detail = timeout ? ServiceCircuitBreakers.timeoutDetail(service) : breakers.unavailableDetail(service);
        byte[] body = problems.body(status, detail, request.fullPath(), requestId);
        HttpHeaders out = response.responseHeaders();
        out.clear();
        edgeHeaders(out, requestId, decision, secure);
        out.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        out.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (!timeout) {
            out.set(HttpHeaderNames.RETRY_AFTER, breakers.retryAfterSeconds());
        }
        record(target, status, start);
        return response.status(status).sendByteArray(Mono.just(body)).then();
    }

    /** What the full path sends a service: the client's headers but the hop-by-hop ones and its own claims. */
    private static void forwardHeaders(HttpHeaders in, HttpHeaders out, String requestId, InetAddress client,
            boolean secure) {
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey();
            if (!isHopByHop(name) && !ClientHeadersFilter.isClientClaim(name) && !name.equalsIgnoreCase("host")
                    && !name.equalsIgnoreCase(RequestIdWebFilter.HEADER)) {
                out.add(name, header.getValue());
            }
        }
        out.set(RequestIdWebFilter.HEADER, requestId);
        if (client != null) {
            out.set("X-Forwarded-For", client.getHostAddress());
        }
        out.set("X-Forwarded-Proto", secure ? "https" : "http");
    }

    private static void copyAnswerHeaders(HttpHeaders in, HttpHeaders out) {
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey();
            if (!isHopByHop(name) && !CorsResponseHeadersFilter.isCorsHeader(name)
                    && !name.equalsIgnoreCase(RequestIdWebFilter.HEADER)) {
                out.add(name, header.getValue());
            }
        }
    }

    private void edgeHeaders(HttpHeaders out, String requestId, TokenBucket.Decision decision, boolean secure) {
        out.set(RequestIdWebFilter.HEADER, requestId);
        if (decision != null) {
            rateLimit.describe(decision, out::set);
        }
        List<String> vary = out.getAll(HttpHeaderNames.VARY);
        for (String name : VARY) {
            if (vary.stream().noneMatch(value -> AsciiString.containsIgnoreCase(value, name))) {
                out.add(HttpHeaderNames.VARY, name);
            }
        }
        SecurityHeadersWebFilter.setHeaders(false, secure, out::set, out::remove);
    }

    /**
     * The two timers the full path records for a proxied request, with the same names and tags, so that dashboards
     * and alerts see one gateway: {@code http.server.requests} (WebFlux's observation; uri UNKNOWN, as for every
     * proxied route) and {@code spring.cloud.gateway.requests} (per route).
     */
    private void record(Target target, int status, long start) {
        long elapsed = System.nanoTime() - start;
        Timer[] timers = target.timers().computeIfAbsent(status, code -> {
            HttpStatus spring = HttpStatus.resolve(code);
            return new Timer[] {
                    Timer.builder("http.server.requests")
                            .tags("method", "GET", "uri", "UNKNOWN", "status", Integer.toString(code),
                                    "outcome", Outcome.forStatus(code).name(), "exception", "none", "error", "none")
                            .register(meters),
                    Timer.builder("spring.cloud.gateway.requests")
                            .tags("routeId", target.route().routeId(), "routeUri", target.route().baseUrl(),
                                    "outcome", spring != null ? spring.series().name() : "UNKNOWN",
                                    "status", spring != null ? spring.name() : Integer.toString(code),
                                    "httpStatusCode", Integer.toString(code), "httpMethod", "GET")
                            .register(meters)};
        });
        for (Timer timer : timers) {
            timer.record(elapsed, TimeUnit.NANOSECONDS);
        }
    }

    private static boolean isRetryable(Throwable failure) {
        if (failure instanceof RetryableAnswer) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHopByHop(String name) {
        return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
    }

    private static boolean hasBody(HttpHeaders headers) {
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        return length != null && !length.equals("0");
    }

    /**
     * Non-empty segments of letters, digits and {@code -._~}, none of them "." or "..", and no trailing slash
     * (which the routes do not all treat alike).
     */
    static boolean isPlainPath(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0
                        || length == 1 && path.charAt(segmentStart) == '.'
                        || length == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.') {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!isUnreserved(c)) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 query characters only (percent-encoding included). */
    static boolean isPlainQuery(String uri, int from) {
        for (int i = from; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (!isUnreserved(c) && "!$&'()*+,;=:@/?%".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** Header names and values of printable ASCII (and tabs in values), as the firewall accepts without a doubt. */
    private static boolean isPrintable(HttpHeaders headers) {
        var entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = entries.next();
            if (!isPrintable(header.getKey()) || !isPrintable(header.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintable(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The breaker's record of one call: the first outcome counts, later ones (or a cancel after it) do not. */
    private static final class BreakerCall {

        private final CircuitBreaker breaker;
        private final long start;
        private final AtomicBoolean settled = new AtomicBoolean();

        BreakerCall(CircuitBreaker breaker, long start) {
            this.breaker = breaker;
            this.start = start;
        }

        void succeeded() {
            if (settled.compareAndSet(false, true)) {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        void failed(Throwable failure) {
            if (settled.compareAndSet(false, true)) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
            }
        }

        /** The client went away, or something unrelated to the service failed: the call does not count. */
        void abandoned() {
            if (settled.compareAndSet(false, true)) {
                breaker.releasePermission();
            }
        }
    }

    /** A 502 or 503 answer to retry: never seen by the client. */
    private static final class RetryableAnswer extends RuntimeException {

        RetryableAnswer() {
            super("retryable answer", null, false, false);
        }
    }
}
