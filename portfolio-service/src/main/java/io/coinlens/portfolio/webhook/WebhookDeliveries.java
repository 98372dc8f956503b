package io.coinlens.portfolio.webhook;

import io.coinlens.contracts.AlertTriggered;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The delivery queue, in PostgreSQL: an alert becomes one row per active webhook of its user (once, however often
 * Kafka redelivers it), and every replica sends what is due, retrying with exponential back-off and jitter until
 * {@code maxAttempts}; then the delivery is dead, listed for its owner, who can replay it.
 */
class WebhookDeliveries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    private static final int CONCURRENCY = 8;

    private final WebhookRepository repository;
    private final WebhookSender sender;
    private final WebhookProperties settings;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Sinks.Many<Long> wake = Sinks.many().multicast().directBestEffort();
    private volatile Disposable loop;

    WebhookDeliveries(WebhookRepository repository, WebhookSender sender, WebhookProperties settings, Clock clock,
            MeterRegistry registry) {
        this.repository = repository;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.registry = registry;
    }

    /** Queues the alert for each of its user's active webhooks; {@code raw} is the event as it was on the topic. */
    Mono<Long> enqueue(AlertTriggered alert, byte[] raw) {
        String eventId = alert.alertId() + ":" + alert.triggeredAt();
        String payload = "{\"type\":\"alert.triggered\",\"eventId\":\"" + eventId + "\",\"data\":"
                + new String(raw, StandardCharsets.UTF_8) + "}";
        Instant now = clock.instant();
        return repository.activeOf(alert.userId())
                .concatMap(hook -> repository.enqueue(hook.id(), alert.userId(), eventId, payload, now))
                .reduce(0L, Long::sum)
                .doOnNext(queued -> {
                    if (queued > 0) {
                        wake.tryEmitNext(queued);
                    }
                });
    }

    /** Sends what is due now; what the poll loop runs. */
    Mono<Void> sendDue() {
        Instant now = clock.instant();
        return repository.claimDue(now, now.plus(settings.claimFor()), settings.batchSize())
                .flatMap(delivery -> repository.find(delivery.webhookId())
                        .flatMap(hook -> hook.active() ? sender.send(hook, delivery)
                                : Mono.just(new WebhookSender.Outcome(false, null, "webhook deactivated", true)))
                        .defaultIfEmpty(new WebhookSender.Outcome(false, null, "webhook deleted", true))
                        .flatMap(outcome -> record(delivery, outcome)), CONCURRENCY)
                .then();
    }

    private Mono<Void> record(Delivery delivery, WebhookSender.Outcome outcome) {
        Instant now = clock.instant();
        if (outcome.delivered()) {
            count("delivered");
            return repository.delivered(delivery.id(), outcome.status(), now);
        }
        boolean dead = outcome.permanent() || delivery.attempts() >= settings.maxAttempts();
        count(dead ? "dead" : "retry");
        if (dead) {
            log.warn("webhook delivery {} to webhook {} parked after {} attempt(s): {}", delivery.id(),
                    delivery.webhookId(), delivery.attempts(), outcome.error());
        }
        return repository.failed(delivery.id(), outcome.status(), outcome.error(),
                dead ? now : now.plus(backoff(delivery.attempts())), dead);
    }

    /** {@code initialBackoff · 2^(attempts-1)}, capped, then between half and all of it (jitter). */
    Duration backoff(int attempts) {
        long base = settings.initialBackoff().toMillis();
        long cap = settings.maxBackoff().toMillis();
        long wait = attempts >= 40 ? cap : Math.min(cap, base << Math.max(0, attempts - 1));
        return Duration.ofMillis(wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1));
    }

    private void count(String outcome) {
        registry.counter("coinlens.webhooks.deliveries", "outcome", outcome).increment();
    }

    @Override
    public void start() {
        loop = Flux.merge(Flux.interval(settings.pollInterval()), wake.asFlux())
                .onBackpressureDrop()
                .concatMap(tick -> sendDue().onErrorResume(e -> {
                    log.warn("sending due webhook deliveries failed; next poll retries", e);
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
        }
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
