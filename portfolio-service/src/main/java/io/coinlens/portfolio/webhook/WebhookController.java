package io.coinlens.portfolio.webhook;

import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The signed-in user's webhooks for alerts, their deliveries, and replay of dead ones. Someone else's webhook
 * answers 404, exactly like one that does not exist.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "webhooks")
@SecurityRequirement(name = "bearer")
class WebhookController {

    private static final Set<String> STATUSES = Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.DEAD);

    record CreateWebhook(String url, @Size(max = 200) String description) {
    }

    /** Absent fields stay as they are. */
    record UpdateWebhook(String url, @Size(max = 200) String description, Boolean active) {
    }

    /** The answer to a creation: the only time the signing secret is shown. */
    record CreatedWebhook(UUID id, String url, String description, boolean active, java.time.Instant createdAt,
            String secret) {
    }

    private final WebhookRepository webhooks;
    private final WebhookUrls urls;
    private final WebhookProperties settings;
    private final Clock clock;

    WebhookController(WebhookRepository webhooks, WebhookUrls urls, WebhookProperties settings, Clock clock) {
        this.webhooks = webhooks;
        this.urls = urls;
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Register a webhook for your alerts; the answer carries its signing secret, shown only once")
    Mono<ResponseEntity<CreatedWebhook>> create(@Valid @RequestBody CreateWebhook request) {
        return CurrentUser.id().flatMap(user -> urls.check(request.url())
                .then(webhooks.countOwned(user))
                .flatMap(count -> {
                    if (count >= settings.maxPerUser()) {
                        return Mono.error(ApiProblem.conflict("A user may have at most " + settings.maxPerUser()
                                + " webhooks."));
                    }
                    return webhooks.insert(new Webhook(UUID.randomUUID(), user, request.url(),
                            WebhookSigner.newSecret(), request.description() == null ? "" : request.description(), true,
                            clock.instant()));
                }))
                .map(w -> ResponseEntity.created(URI.create("/api/v1/webhooks/" + w.id()))
                        .body(new CreatedWebhook(w.id(), w.url(), w.description(), w.active(), w.createdAt(),
                                w.secret())));
    }

    @GetMapping
    @Operation(summary = "Your webhooks (without their secrets)")
    Flux<Webhook> list() {
        return CurrentUser.id().flatMapMany(webhooks::listOwned);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One of your webhooks")
    Mono<Webhook> get(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> owned(id, user));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a webhook's URL or description, or deactivate it")
    Mono<Webhook> update(@PathVariable UUID id, @Valid @RequestBody UpdateWebhook request) {
        return CurrentUser.id().flatMap(user -> owned(id, user).flatMap(current -> {
            String url = request.url() == null ? current.url() : request.url();
            Mono<String> checked = request.url() == null ? Mono.just(url) : urls.check(url);
            return checked.then(webhooks.update(id, user, url,
                    request.description() == null ? current.description() : request.description(),
                    request.active() == null ? current.active() : request.active()));
        }));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook and its delivery history")
    Mono<Void> delete(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> webhooks.deleteOwned(id, user))
                .flatMap(n -> n == 0 ? Mono.error(notFound()) : Mono.empty());
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "A webhook's latest deliveries, newest first; status=dead is its dead-letter list")
    Mono<List<Delivery>> deliveries(@PathVariable UUID id, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "100") int limit) {
        if (status != null && !STATUSES.contains(status)) {
            return Mono.error(ApiProblem.invalidField("status", "must be one of pending, delivered, dead"));
        }
        if (limit < 1 || limit > 500) {
            return Mono.error(ApiProblem.invalidField("limit", "must be between 1 and 500"));
        }
        return CurrentUser.id().flatMap(user -> owned(id, user)
                .flatMap(hook -> webhooks.deliveriesOwned(id, user, status, limit).collectList()));
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a dead delivery again, with a fresh set of attempts")
    Mono<Delivery> replay(@PathVariable UUID id, @PathVariable UUID deliveryId) {
        return CurrentUser.id().flatMap(user -> webhooks.replayOwned(id, deliveryId, user, clock.instant())
                .switchIfEmpty(webhooks.findDeliveryOwned(id, deliveryId, user)
                        .flatMap(d -> Mono.<Delivery>error(ApiProblem.conflict("Only a dead delivery can be replayed; "
                                + "this one is " + d.status() + ".")))
                        .switchIfEmpty(Mono.error(notFound()))));
    }

    private Mono<Webhook> owned(UUID id, String user) {
        return webhooks.findOwned(id, user).switchIfEmpty(Mono.error(notFound()));
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("No such webhook.");
    }
}
