package io.coinlens.portfolio.alert;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Symbols;
import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.holdings.AnalyticsClient;
import io.coinlens.portfolio.holdings.Prices;
import io.coinlens.portfolio.portfolio.PortfolioRepository;
import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Alerts of the signed-in user (price, percent move, signal, drawdown, prediction) and the history of their firing;
 * someone else's alert, fired alert or portfolio answers 404.
 */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "alerts")
@SecurityRequirement(name = "bearer")
class AlertController {

    private static final Logger log = LoggerFactory.getLogger(AlertController.class);
    static final int MAX_HISTORY = 500;
    /** A move or a drawdown is at most this many percent; beyond it the request is a mistake. */
    private static final BigDecimal MAX_PERCENT = BigDecimal.valueOf(1000);
    private static final Pattern SIGNAL_KIND = Pattern.compile("[a-z0-9_]{1,64}");

    /** Every kind's fields; {@link #create} checks which each kind needs. Without {@code kind}, a price alert. */
    record NewAlert(
            @Schema(description = "price (default), percent_move, signal, drawdown or prediction") String kind,
            @Schema(description = "e.g. BTC-USDT; every kind but drawdown") String symbol,
            @Schema(description = "price and prediction: ABOVE or BELOW; percent_move: UP, DOWN or EITHER (default); "
                    + "signal: BULLISH or BEARISH, or absent for either") String direction,
            @Schema(description = "price: the price; prediction: the level of the metric") BigDecimal threshold,
            @Schema(description = "percent_move and drawdown: how many percent, e.g. 5") BigDecimal percent,
            @Schema(description = "percent_move: the sliding window, ISO-8601, PT1M to PT24H, e.g. PT1H") String window,
            @Schema(description = "signal: the signal kind, e.g. rsi_overbought, macd_cross; absent for any")
            String signalKind,
            @Schema(description = "signal and prediction: the candle interval (1m 5m 15m 1h 4h 1d); absent for any")
            String interval,
            @Schema(description = "drawdown: one of your portfolios") UUID portfolioId,
            @Schema(description = "prediction: probability_up (0 to 1) or expected_return") String metric,
            @Schema(description = "band before a fired alert re-arms: in price (price), percentage points "
                    + "(percent_move, drawdown) or the metric's unit (prediction)") @DecimalMin("0") BigDecimal hysteresis,
            @Min(0) @Max(604_800) Long cooldownSeconds,
            @Size(max = 200) String note) {
    }

    /**
     * A change to an alert; absent (or null) fields stay as they are. Its kind, symbol and portfolio are fixed (a
     * different one is a new alert); fields this record does not have, such as {@code id}, are ignored, as everywhere.
     */
    record AlertChange(
            @Schema(description = "false: the alert stops being evaluated; true: it starts again, disarmed if its "
                    + "condition already holds") Boolean enabled,
            @Schema(description = "as on creation, for the kinds that have one") String direction,
            @Schema(description = "price: the price; prediction: the level of the metric") BigDecimal threshold,
            @Schema(description = "percent_move and drawdown: how many percent") BigDecimal percent,
            @Schema(description = "percent_move: the sliding window, ISO-8601, PT1M to PT24H") String window,
            @Schema(description = "signal: the signal kind") String signalKind,
            @Schema(description = "signal and prediction: the candle interval (1m 5m 15m 1h 4h 1d)") String interval,
            @Schema(description = "prediction: probability_up or expected_return") String metric,
            @DecimalMin("0") BigDecimal hysteresis,
            @Min(0) @Max(604_800) Long cooldownSeconds,
            @Size(max = 200) String note) {

        /** The condition itself changes: the alert starts afresh, as if created now. */
        boolean changesCondition() {
            return direction != null || threshold != null || percent != null || window != null || signalKind != null
                    || interval != null || metric != null;
        }
    }

    /**
     * An alert, and whether its condition already held when it was created (or its condition changed, or it was
     * enabled again): then it starts disarmed (it fires only after the condition has stopped holding and holds
     * afresh), rather than firing a stale trigger on the next trade. Price and percent_move alerts say so
     * ({@code conditionHoldsNow}, {@code priceNow}, for percent_move {@code movePercentNow}); a drawdown alert's peak
     * starts at the value now ({@code valueNow}), so it cannot hold yet; signal and prediction alerts fire on events
     * still to come.
     */
    record CheckedAlert(@JsonUnwrapped Alert alert,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean conditionHoldsNow,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal priceNow,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal movePercentNow,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal valueNow) {
    }

    private final AlertRepository alerts;
    private final AlertBook book;
    private final Prices prices;
    private final AnalyticsClient analytics;
    private final PortfolioRepository portfolios;
    private final DrawdownMonitor drawdowns;
    private final Clock clock;
    private final int maxPerUser;

    AlertController(AlertRepository alerts, AlertBook book, Prices prices, AnalyticsClient analytics,
            PortfolioRepository portfolios, DrawdownMonitor drawdowns, Clock clock, PortfolioProperties properties) {
        this.alerts = alerts;
        this.book = book;
        this.prices = prices;
        this.analytics = analytics;
        this.portfolios = portfolios;
        this.drawdowns = drawdowns;
        this.clock = clock;
        this.maxPerUser = properties.alerts().maxPerUser();
    }

    @PostMapping
    @Operation(summary = "Create an alert. price: the price reaches a threshold (ABOVE or BELOW). percent_move: the "
            + "price moves a percent within a sliding window (UP, DOWN or EITHER). signal: analytics raises a matching "
            + "signal on the symbol. drawdown: one of your portfolios falls a percent from its peak. prediction: a "
            + "model's probability_up or expected_return crosses a threshold. After firing, an alert re-arms once its "
            + "condition is back beyond the hysteresis band (a signal alert stays armed), and fires again no sooner "
            + "than the cooldown")
    Mono<ResponseEntity<CheckedAlert>> create(@Valid @RequestBody NewAlert request) {
        AlertKind kind;
        if (request.kind() == null) {
            kind = AlertKind.PRICE;
        } else {
            Optional<AlertKind> found = AlertKind.find(request.kind());
            if (found.isEmpty()) {
                return Mono.error(ApiProblem.invalidField("kind", "must be one of " + AlertKind.CODES));
            }
            kind = found.get();
        }
        List<ApiProblem.FieldProblem> problems = new ArrayList<>();
        Definition definition = define(kind, request, problems);
        if (!problems.isEmpty()) {
            return Mono.error(ApiProblem.invalidFields(problems));
        }
        return CurrentUser.id().flatMap(user -> alerts.countOwned(user).flatMap(count -> {
            if (count >= maxPerUser) {
                return Mono.error(ApiProblem.conflict("A user may have at most " + maxPerUser + " alerts."));
            }
            Alert alert = new Alert(UUID.randomUUID(), user, kind, definition.symbol(), definition.direction(),
                    definition.threshold(), request.hysteresis() == null ? BigDecimal.ZERO : request.hysteresis(),
                    request.cooldownSeconds() == null ? 0 : request.cooldownSeconds(), true, true, null,
                    request.note(), clock.instant(), definition.window(), definition.signalKind(),
                    definition.interval(), definition.portfolioId(), definition.metric(), null);
            return opening(alert).flatMap(created -> alerts.insert(created.alert())
                    .flatMap(stored -> book.refresh().thenReturn(created)));
        })).map(a -> ResponseEntity.created(URI.create("/api/v1/alerts/" + a.alert().id())).body(a));
    }

    /** What a request defines, checked; problems are added for each field that is missing or wrong. */
    private record Definition(String symbol, String direction, BigDecimal threshold, Duration window,
            String signalKind, Interval interval, UUID portfolioId, PredictionRule.Metric metric) {
    }

    private static Definition define(AlertKind kind, NewAlert r, List<ApiProblem.FieldProblem> problems) {
        return switch (kind) {
            case PRICE -> {
                String symbol = symbol(r, problems);
                String direction = oneOf("direction", r.direction(), List.of("ABOVE", "BELOW"), null, problems);
                BigDecimal threshold = positive("threshold", r.threshold(), null, problems);
                yield new Definition(symbol, direction, threshold, null, null, null, null, null);
            }
            case PERCENT_MOVE -> {
                String symbol = symbol(r, problems);
                String direction = oneOf("direction", r.direction(), List.of("UP", "DOWN", "EITHER"), "EITHER",
                        problems);
                BigDecimal percent = positive("percent", r.percent(), MAX_PERCENT, problems);
                Duration window = window(r.window(), problems);
                bandBelow(r.hysteresis(), percent, problems);
                yield new Definition(symbol, direction, percent, window, null, null, null, null);
            }
            case SIGNAL -> {
                String symbol = symbol(r, problems);
                String direction = r.direction() == null ? null
                        : oneOf("direction", r.direction(), List.of("BULLISH", "BEARISH"), null, problems);
                if (r.signalKind() != null && !SIGNAL_KIND.matcher(r.signalKind()).matches()) {
                    problems.add(new ApiProblem.FieldProblem("signalKind",
                            "must be a signal kind such as rsi_overbought (lower case, digits, _)"));
                }
                yield new Definition(symbol, direction, null, null, r.signalKind(), interval(r, problems), null, null);
            }
            case DRAWDOWN -> {
                if (r.portfolioId() == null) {
                    problems.add(new ApiProblem.FieldProblem("portfolioId", "is required for a drawdown alert"));
                }
                BigDecimal percent = positive("percent", r.percent(), null, problems);
                if (percent != null && percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
                    problems.add(new ApiProblem.FieldProblem("percent", "must be less than 100"));
                }
                bandBelow(r.hysteresis(), percent, problems);
                yield new Definition(null, null, percent, null, null, null, r.portfolioId(), null);
            }
            case PREDICTION -> {
                String symbol = symbol(r, problems);
                String direction = oneOf("direction", r.direction(), List.of("ABOVE", "BELOW"), null, problems);
                PredictionRule.Metric metric = null;
                if (r.metric() == null || PredictionRule.Metric.find(r.metric()).isEmpty()) {
                    problems.add(new ApiProblem.FieldProblem("metric", "must be probability_up or expected_return"));
                } else {
                    metric = PredictionRule.Metric.find(r.metric()).get();
                }
                if (r.threshold() == null) {
                    problems.add(new ApiProblem.FieldProblem("threshold", "is required"));
                } else if (metric == PredictionRule.Metric.PROBABILITY_UP
                        && (r.threshold().signum() < 0 || r.threshold().compareTo(BigDecimal.ONE) > 0)) {
                    problems.add(new ApiProblem.FieldProblem("threshold", "must be between 0 and 1 for probability_up"));
                }
                yield new Definition(symbol, direction, r.threshold(), null, null, interval(r, problems), null, metric);
            }
        };
    }

    private static String symbol(NewAlert r, List<ApiProblem.FieldProblem> problems) {
        if (r.symbol() == null || !Symbols.isSymbol(r.symbol())) {
            problems.add(new ApiProblem.FieldProblem("symbol", "must be a symbol such as BTC-USDT"));
        }
        return r.symbol();
    }

    private static String oneOf(String field, String value, List<String> allowed, String fallback,
            List<ApiProblem.FieldProblem> problems) {
        if (value == null && fallback != null) {
            return fallback;
        }
        String upper = value == null ? null : value.toUpperCase(Locale.ROOT);
        if (upper == null || !allowed.contains(upper)) {
            problems.add(new ApiProblem.FieldProblem(field, "must be one of " + String.join(", ", allowed)));
        }
        return upper;
    }

    private static BigDecimal positive(String field, BigDecimal value, BigDecimal max,
            List<ApiProblem.FieldProblem> problems) {
        if (value == null) {
            problems.add(new ApiProblem.FieldProblem(field, "is required"));
        } else if (value.signum() <= 0) {
            problems.add(new ApiProblem.FieldProblem(field, "must be greater than 0"));
        } else if (max != null && value.compareTo(max) > 0) {
            problems.add(new ApiProblem.FieldProblem(field, "must be at most " + max.toPlainString()));
        }
        return value;
    }

    /** A band as wide as the percent would never let the alert re-arm. */
    private static void bandBelow(BigDecimal hysteresis, BigDecimal percent, List<ApiProblem.FieldProblem> problems) {
        if (hysteresis != null && percent != null && percent.signum() > 0 && hysteresis.compareTo(percent) >= 0) {
            problems.add(new ApiProblem.FieldProblem("hysteresis", "must be less than percent"));
        }
    }

    private static Duration window(String window, List<ApiProblem.FieldProblem> problems) {
        String message = "must be an ISO-8601 duration from " + PercentMoveRule.MIN_WINDOW + " to "
                + PercentMoveRule.MAX_WINDOW + ", e.g. PT1H";
        if (window == null) {
            problems.add(new ApiProblem.FieldProblem("window", message));
            return null;
        }
        try {
            Duration parsed = Duration.parse(window);
            if (parsed.compareTo(PercentMoveRule.MIN_WINDOW) < 0 || parsed.compareTo(PercentMoveRule.MAX_WINDOW) > 0
                    || parsed.toMillis() % 1000 != 0) {
                problems.add(new ApiProblem.FieldProblem("window", message + ", in whole seconds"));
            }
            return parsed;
        } catch (DateTimeParseException e) {
            problems.add(new ApiProblem.FieldProblem("window", message));
            return null;
        }
    }

    private static Interval interval(NewAlert r, List<ApiProblem.FieldProblem> problems) {
        if (r.interval() == null) {
            return null;
        }
        Optional<Interval> interval = Interval.find(r.interval());
        if (interval.isEmpty()) {
            problems.add(new ApiProblem.FieldProblem("interval", "must be one of 1m 5m 15m 1h 4h 1d"));
        }
        return interval.orElse(null);
    }

    /** The alert as it starts: disarmed if its condition already holds, and what was seen to decide that. */
    private Mono<CheckedAlert> opening(Alert alert) {
        return switch (alert.kind()) {
            case PRICE -> prices.latest(alert.symbol()).map(quote -> {
                BigDecimal now = quote.map(Prices.Quote::price).orElse(null);
                boolean holds = now != null && (alert.priceDirection() == AlertRule.Direction.ABOVE
                        ? now.compareTo(alert.threshold()) >= 0 : now.compareTo(alert.threshold()) <= 0);
                return new CheckedAlert(alert.withState(!holds, null, null), holds, now, null, null);
            });
            case PERCENT_MOVE -> moveNow(alert).map(move -> {
                boolean holds = move.map(m -> m.move().percent().compareTo(alert.threshold()) >= 0).orElse(false);
                BigDecimal percent = move.map(m -> AlertTriggers.plain(m.move().percent()
                        .setScale(4, RoundingMode.HALF_EVEN))).orElse(null);
                return new CheckedAlert(alert.withState(!holds, null, null), holds,
                        move.map(MoveNow::price).orElse(null), percent, null);
            });
            case DRAWDOWN -> portfolios.findOwned(alert.portfolioId(), alert.userId())
                    .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("There is no portfolio " + alert.portfolioId()
                            + ".")))
                    .flatMap(portfolio -> drawdowns.value(portfolio).onErrorResume(e -> {
                        log.warn("cannot value portfolio {} for a new drawdown alert: {}", portfolio.id(), e.toString());
                        return Mono.just(Optional.empty());
                    }))
                    .map(valuation -> {
                        BigDecimal value = valuation.map(DrawdownMonitor.Valuation::value).orElse(null);
                        return new CheckedAlert(alert.withState(true, null, value), false, null, null, value);
                    });
            case SIGNAL, PREDICTION -> Mono.just(new CheckedAlert(alert, null, null, null, null));
        };
    }

    private record MoveNow(BigDecimal price, PercentMoveRule.Move move) {
    }

    /**
     * The move over the window just before creation, from analytics' candles (1m, or 5m for windows over 16 h, to
     * stay within one page) and the latest price; empty when either is missing.
     */
    private Mono<Optional<MoveNow>> moveNow(Alert alert) {
        Instant now = clock.instant();
        Interval interval = alert.window().toMinutes() <= 1000 ? Interval.M1 : Interval.M5;
        Mono<Optional<BigDecimal[]>> range = analytics.candles(alert.symbol(), interval, now.minus(alert.window()), now)
                .collectList()
                .map(candles -> candles.isEmpty() ? Optional.<BigDecimal[]>empty() : Optional.of(new BigDecimal[] {
                        candles.stream().map(c -> c.low()).min(BigDecimal::compareTo).orElseThrow(),
                        candles.stream().map(c -> c.high()).max(BigDecimal::compareTo).orElseThrow()}))
                .onErrorResume(e -> {
                    log.warn("cannot read {} candles of {} for a new percent-move alert: {}", interval.code(),
                            alert.symbol(), e.toString());
                    return Mono.just(Optional.empty());
                });
        return Mono.zip(prices.latest(alert.symbol()), range).map(both -> {
            if (both.getT1().isEmpty()) {
                return Optional.empty();
            }
            BigDecimal price = both.getT1().get().price();
            BigDecimal low = both.getT2().map(r -> r[0].min(price)).orElse(price);
            BigDecimal high = both.getT2().map(r -> r[1].max(price)).orElse(price);
            return Optional.of(new MoveNow(price, alert.percentMoveRule().move(low, high, price)));
        });
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

    @PatchMapping("/{id}")
    @Operation(summary = "Change an alert: enable or disable it, or change its threshold, percent, direction, window, "
            + "signal kind, interval, metric, hysteresis, cooldown or note. Kind, symbol and portfolio are fixed. A "
            + "changed condition, or enabling a disabled alert, starts it afresh as on creation: disarmed if the "
            + "condition already holds (conditionHoldsNow), so nothing fires on a stale trigger; the cooldown since it "
            + "last fired still counts")
    Mono<CheckedAlert> update(@PathVariable UUID id, @Valid @RequestBody AlertChange change) {
        return CurrentUser.id().flatMap(user -> alerts.findOwned(id, user)
                .switchIfEmpty(Mono.error(() -> notFound(id)))
                .flatMap(current -> {
                    List<ApiProblem.FieldProblem> problems = new ArrayList<>();
                    Definition definition = define(current.kind(), merged(current, change), problems);
                    if (!problems.isEmpty()) {
                        return Mono.error(ApiProblem.invalidFields(problems));
                    }
                    boolean enabled = change.enabled() == null ? current.enabled() : change.enabled();
                    Alert next = new Alert(id, user, current.kind(), current.symbol(), definition.direction(),
                            definition.threshold(),
                            change.hysteresis() == null ? current.hysteresis() : change.hysteresis(),
                            change.cooldownSeconds() == null ? current.cooldownSeconds() : change.cooldownSeconds(),
                            enabled, current.armed(), current.lastTriggeredAt(),
                            change.note() == null ? current.note() : change.note(), current.createdAt(),
                            definition.window(), definition.signalKind(), definition.interval(),
                            current.portfolioId(), definition.metric(), current.peak());
                    boolean afresh = enabled && (!current.enabled() || change.changesCondition());
                    Mono<CheckedAlert> checked = afresh
                            ? opening(next.withState(true, current.lastTriggeredAt(), null))
                            : Mono.just(new CheckedAlert(next, null, null, null, null));
                    return checked.flatMap(c -> alerts.update(c.alert(), afresh)
                            .switchIfEmpty(Mono.error(() -> notFound(id)))
                            .flatMap(stored -> book.refresh().thenReturn(new CheckedAlert(stored,
                                    c.conditionHoldsNow(), c.priceNow(), c.movePercentNow(), c.valueNow()))));
                }));
    }

    /** The creation request this alert would have come from, with the change applied, to be checked the same way. */
    private static NewAlert merged(Alert current, AlertChange change) {
        boolean percentKind = current.kind() == AlertKind.PERCENT_MOVE || current.kind() == AlertKind.DRAWDOWN;
        BigDecimal threshold = percentKind ? null : change.threshold() == null ? current.threshold() : change.threshold();
        BigDecimal percent = !percentKind ? null : change.percent() == null ? current.threshold() : change.percent();
        return new NewAlert(current.kind().code(), current.symbol(),
                change.direction() == null ? current.direction() : change.direction(), threshold, percent,
                change.window() != null ? change.window() : current.window() == null ? null : current.window().toString(),
                change.signalKind() == null ? current.signalKind() : change.signalKind(),
                change.interval() != null ? change.interval()
                        : current.interval() == null ? null : current.interval().code(),
                current.portfolioId(),
                change.metric() != null ? change.metric() : current.metric() == null ? null : current.metric().code(),
                change.hysteresis() == null ? current.hysteresis() : change.hysteresis(),
                change.cooldownSeconds() == null ? current.cooldownSeconds() : change.cooldownSeconds(),
                change.note() == null ? current.note() : change.note());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete an alert of any kind and its history")
    Mono<Void> delete(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> alerts.delete(id, user))
                .flatMap(deleted -> deleted == 0 ? Mono.error(notFound(id)) : book.refresh());
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
