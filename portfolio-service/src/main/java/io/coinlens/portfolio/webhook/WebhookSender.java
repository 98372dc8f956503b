package io.coinlens.portfolio.webhook;

import io.netty.channel.ChannelOption;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * POSTs one delivery, signed, to its webhook. Redirects are followed only when they keep the method and body (307,
 * 308), at most {@code maxRedirects} times, and each target passes the URL rules and the address guard again.
 */
class WebhookSender {

    /** What became of one attempt. {@code permanent}: retrying cannot help (the address is refused). */
    record Outcome(boolean delivered, Integer status, String error, boolean permanent) {
    }

    private final HttpClient http;
    private final WebhookUrls urls;
    private final int maxRedirects;
    private final Clock clock;

    WebhookSender(WebhookProperties settings, GuardedAddressResolverGroup guard, WebhookUrls urls, Clock clock) {
        this.http = HttpClient.create()
                .resolver(guard)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.responseTimeout());
        this.urls = urls;
        this.maxRedirects = settings.maxRedirects();
        this.clock = clock;
    }

    Mono<Outcome> send(Webhook webhook, Delivery delivery) {
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        String signature = WebhookSigner.signature(webhook.secret(), now, body);
        return post(webhook.url(), webhook, delivery, body, signature, 0)
                .onErrorResume(e -> Mono.just(failure(e)));
    }

    private Mono<Outcome> post(String url, Webhook webhook, Delivery delivery, byte[] body, String signature,
            int redirects) {
        return http.headers(h -> h
                        .set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .set(HttpHeaders.USER_AGENT, "Coinlens-Webhooks/1")
                        .set(WebhookSigner.HEADER, signature)
                        .set("Coinlens-Webhook-Id", webhook.id().toString())
                        .set("Coinlens-Delivery-Id", delivery.id().toString())
                        .set("Coinlens-Event-Id", delivery.eventId()))
                .post().uri(url).send(ByteBufMono.fromString(Mono.just(new String(body, StandardCharsets.UTF_8))))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    int status = response.status().code();
                    String location = response.responseHeaders().get(HttpHeaders.LOCATION);
                    return new Object[] {status, location, text};
                }))
                .flatMap(answer -> {
                    int status = (Integer) answer[0];
                    String location = (String) answer[1];
                    if (status >= 200 && status < 300) {
                        return Mono.just(new Outcome(true, status, null, false));
                    }
                    if ((status == 307 || status == 308) && location != null) {
                        if (redirects >= maxRedirects) {
                            return Mono.just(new Outcome(false, status, "more than " + maxRedirects + " redirects",
                                    false));
                        }
                        String next = URI.create(url).resolve(location).toString();
                        String problem = urls.syntaxProblem(next);
                        if (problem != null) {
                            return Mono.just(new Outcome(false, status, "redirect to " + next + ": the URL " + problem,
                                    true));
                        }
                        return post(next, webhook, delivery, body, signature, redirects + 1);
                    }
                    if (status >= 300 && status < 400) {
                        return Mono.just(new Outcome(false, status, "redirect " + status + " not followed "
                                + "(only 307 and 308 keep the POST)", false));
                    }
                    return Mono.just(new Outcome(false, status, "HTTP " + status, false));
                });
    }

    /** A refused address is final; anything else (timeouts, resets, DNS) may pass on a later attempt. */
    static Outcome failure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof GuardedAddressResolverGroup.RefusedAddressException) {
                return new Outcome(false, null, cause.getMessage(), true);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return new Outcome(false, null, message == null ? root.getClass().getSimpleName() : message, false);
    }
}
