package io.coinlens.starter.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * user-service's public keys, fetched from its JWKS and kept for {@code cacheTtl}. A token naming a key not in the
 * cache causes a fetch (keys rotate), but at most one per {@code refreshMinInterval}, so a stream of made-up key ids
 * cannot be turned into a stream of requests to user-service. While user-service cannot be reached the last keys
 * fetched stay in use; concurrent fetches are shared.
 */
public final class JwksCache {

    private static final Logger log = LoggerFactory.getLogger(JwksCache.class);

    private final WebClient web;
    private final URI uri;
    private final Duration cacheTtl;
    private final Duration refreshMinInterval;
    private final Duration timeout;
    private final Clock clock;

    private volatile Snapshot snapshot;
    private Instant lastAttempt = Instant.EPOCH;
    private Mono<Snapshot> inFlight;

    public JwksCache(WebClient web, URI uri, Duration cacheTtl, Duration refreshMinInterval, Duration timeout,
            Clock clock) {
        this.web = web;
        this.uri = uri;
        this.cacheTtl = cacheTtl;
        this.refreshMinInterval = refreshMinInterval;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The keys that may have signed this token: those with its {@code kid}, or all if it names none. */
    public Flux<JWK> keysFor(SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        return Mono.defer(this::current).flatMapMany(current -> {
            List<JWK> keys = current.matching(kid);
            if (!keys.isEmpty() || !mayFetch()) {
                return Flux.fromIterable(keys);
            }
            return fetch().map(fresh -> fresh.matching(kid))
                    .onErrorResume(e -> Mono.just(List.of()))
                    .flatMapIterable(fresh -> fresh);
        });
    }

    private Mono<Snapshot> current() {
        Snapshot cached = snapshot;
        if (cached != null && (cached.fetchedAt().plus(cacheTtl).isAfter(clock.instant()) || !mayFetch())) {
            return Mono.just(cached);
        }
        return fetch().onErrorResume(e -> cached != null ? Mono.just(cached) : Mono.error(e));
    }

    private synchronized boolean mayFetch() {
        return inFlight != null || !lastAttempt.plus(refreshMinInterval).isAfter(clock.instant());
    }

    private synchronized Mono<Snapshot> fetch() {
        if (inFlight != null) {
            return inFlight;
        }
        lastAttempt = clock.instant();
        Mono<Snapshot> fetching = web.get().uri(uri).accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(String.class)
                .timeout(timeout)
                .map(this::parse)
                .doOnNext(fetched -> snapshot = fetched)
                .doOnError(e -> log.warn("cannot fetch the JWKS from {}: {}", uri, e.toString()))
                // Before the answer is passed on (doFinally would run after): whoever sees the keys sees no fetch.
                .doOnTerminate(this::done)
                .cache();
        inFlight = fetching;
        return fetching;
    }

    private synchronized void done() {
        inFlight = null;
    }

    private Snapshot parse(String body) {
        try {
            return new Snapshot(JWKSet.parse(body).getKeys(), clock.instant());
        } catch (ParseException e) {
            throw new IllegalStateException("the JWKS is not a JWK set", e);
        }
    }

    private record Snapshot(List<JWK> keys, Instant fetchedAt) {

        List<JWK> matching(String kid) {
            if (kid == null) {
                return keys;
            }
            return keys.stream().filter(key -> kid.equals(key.getKeyID())).toList();
        }
    }
}
