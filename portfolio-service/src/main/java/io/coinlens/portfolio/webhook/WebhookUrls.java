package io.coinlens.portfolio.webhook;

import io.coinlens.portfolio.web.ApiProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks a webhook URL when it is registered, so its owner hears at once why it cannot work. The same guard runs
 * again on every connection (and redirect): a host may resolve differently later.
 */
final class WebhookUrls {

    static final int MAX_LENGTH = 2048;

    private final boolean requireHttps;
    private final GuardedAddressResolverGroup guard;

    WebhookUrls(boolean requireHttps, GuardedAddressResolverGroup guard) {
        this.requireHttps = requireHttps;
        this.guard = guard;
    }

    /** The URL's syntax, without looking its host up; an error message, or null when fine. */
    String syntaxProblem(String url) {
        if (url == null || url.isBlank()) {
            return "is required";
        }
        if (url.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            return requireHttps ? "must be an https:// URL" : "must be an http:// or https:// URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials";
        }
        if (uri.getRawFragment() != null) {
            return "must not have a fragment";
        }
        return null;
    }

    /** Completes when the URL is acceptable now; a 400 problem on field {@code url} otherwise. */
    Mono<String> check(String url) {
        String syntax = syntaxProblem(url);
        if (syntax != null) {
            return Mono.error(ApiProblem.invalidField("url", syntax));
        }
        URI uri = URI.create(url);
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        // A DNS lookup blocks: not on an event loop.
        return Mono.fromCallable(() -> guard.checked(InetSocketAddress.createUnresolved(host, 443)))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(UnknownHostException.class, e -> ApiProblem.invalidField("url", "host " + host
                        + " does not resolve"))
                .onErrorMap(GuardedAddressResolverGroup.RefusedAddressException.class,
                        e -> ApiProblem.invalidField("url", e.getMessage()))
                .thenReturn(url);
    }
}
