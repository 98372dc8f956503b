package io.coinlens.portfolio.web;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/** The signed-in user: the verified access token's subject, never a header a client could set. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Mono<String> id() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication())
                .map(authentication -> ((Jwt) authentication.getPrincipal()).getSubject());
    }
}
