package io.coinlens.portfolio.alert;

import io.coinlens.contracts.Symbols;
import io.coinlens.portfolio.config.PortfolioProperties;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.coinlens.portfolio.holdings.Prices;
import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Price alerts of the signed-in user and the history of their firing; someone else's answers 404. */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "alerts")
@SecurityRequirement(name = "bearer")
class AlertController {

    static final int MAX_HISTORY = 500;

    record NewAlert(
            @NotNull String symbol,
            @NotNull AlertRule.Direction direction,
            @NotNull @DecimalMin(value = "0", inclusive = false) BigDecimal threshold,
            @DecimalMin("0") BigDecimal hysteresis,
            @Min(0) @Max(604_800) Long cooldownSeconds,
            @Size(max = 200) String note) {
    }

    /**
     * A new alert, and whether its condition already held at the latest price: then it starts disarmed (it fires
     * only after the price has left the band and crossed again), rather than firing a stale trigger on the next trade.
     */
    record CreatedAlert(@JsonUnwrapped Alert alert, boolean conditionHoldsNow,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal priceNow) {
    }

    private final AlertRepository alerts;
    private final AlertBook book;
    private final Prices prices;
    private final Clock clock;
    private final int maxPerUser;

    AlertController(AlertRepository alerts, AlertBook book, Prices prices, Clock clock, PortfolioProperties properties) {
        this.alerts = alerts;
        this.book = book;
        this.prices = prices;
        this.clock = clock;
        this.maxPerUser = properties.alerts().maxPerUser();
    }

    @PostMapping
    @Operation(summary = "Alert when a symbol's price reaches a threshold (ABOVE or BELOW); after firing it re-arms once "
            + "the price is back beyond the hysteresis band, and fires again no sooner than the cooldown")
    Mono<ResponseEntity<CreatedAlert>> create(@Valid @RequestBody NewAlert request) {
        if (!Symbols.isSymbol(request.symbol())) {
            return Mono.error(ApiProblem.invalidField("symbol", "must be a symbol such as BTC-USDT"));
        }
        return CurrentUser.id().flatMap(user -> alerts.countOwned(user).flatMap(count -> {
            if (count >= maxPerUser) {
                return Mono.error(ApiProblem.conflict("A user may have at most " + maxPerUser + " alerts."));
            }
            return prices.latest(request.symbol()).flatMap(quote -> {
                BigDecimal now = quote.map(Prices.Quote::price).orElse(null);
                boolean holds = now != null && (request.direction() == AlertRule.Direction.ABOVE
                        ? now.compareTo(request.threshold()) >= 0 : now.compareTo(request.threshold()) <= 0);
                Alert alert = new Alert(UUID.randomUUID(), user, request.symbol(), request.direction(),
                        request.threshold(), request.hysteresis() == null ? BigDecimal.ZERO : request.hysteresis(),
                        request.cooldownSeconds() == null ? 0 : request.cooldownSeconds(), true, !holds, null,
                        request.note(), clock.instant());
                return alerts.insert(alert).flatMap(stored -> book.reload().thenReturn(
                        new CreatedAlert(stored, holds, now)));
            });
        })).map(a -> ResponseEntity.created(URI.create("/api/v1/alerts/" + a.alert().id())).body(a));
    }

    @GetMapping
    @Operation(summary = "The user's alerts")
    Mono<List<Alert>> list() {
        return CurrentUser.id().flatMapMany(alerts::listOwned).collectList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One alert with its state (armed, last fired)")
    Mono<Alert> get(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> alerts.findOwned(id, user))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an alert and its history")
    Mono<Void> delete(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> alerts.delete(id, user))
                .flatMap(deleted -> deleted == 0 ? Mono.error(notFound(id)) : book.reload());
    }

    @GetMapping("/history")
    @Operation(summary = "Alerts that fired, newest first; unacknowledged=true for the ones not yet acknowledged")
    Mono<List<AlertEvent>> history(@RequestParam(defaultValue = "false") boolean unacknowledged,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_HISTORY) {
            return Mono.error(ApiProblem.invalidField("limit", "must be between 1 and " + MAX_HISTORY));
        }
        return CurrentUser.id().flatMapMany(user -> alerts.history(user, unacknowledged, limit)).collectList();
    }

    @PostMapping("/history/{eventId}/acknowledge")
    @Operation(summary = "Acknowledge a fired alert (repeating it keeps the first acknowledgement time)")
    Mono<AlertEvent> acknowledge(@PathVariable UUID eventId) {
        return CurrentUser.id().flatMap(user -> alerts.acknowledge(eventId, user, clock.instant()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no fired alert " + eventId + ".")));
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("There is no alert " + id + ".");
    }
}
