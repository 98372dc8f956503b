package io.coinlens.portfolio.watchlist;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coinlens.contracts.SignalRaised;
import io.coinlens.contracts.Symbols;
import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.holdings.AnalyticsClient;
import io.coinlens.portfolio.holdings.Prices;
import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Watchlists of the signed-in user; someone else's answers 404, like one that does not exist. */
@RestController
@RequestMapping("/api/v1/watchlists")
@Tag(name = "watchlists")
@SecurityRequirement(name = "bearer")
class WatchlistController {

    private static final Logger log = LoggerFactory.getLogger(WatchlistController.class);
    static final int SIGNALS_PER_SYMBOL = 5;

    record WatchlistRequest(@NotBlank @Size(max = 100) String name, @NotNull List<String> symbols) {
    }

    /** One symbol with its latest price (and age), 24h change and latest signals; absent what is not known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String symbol, String price, Instant priceTime, Long priceAgeMs, Boolean stale, String change24h,
            String changePercent24h, List<SignalRaised> signals) {
    }

    record WatchlistView(UUID id, String name, List<Entry> symbols, boolean signalsAvailable, Instant asOf) {
    }

    private final WatchlistRepository watchlists;
    private final Prices prices;
    private final AnalyticsClient analytics;
    private final Clock clock;
    private final PortfolioProperties properties;

    WatchlistController(WatchlistRepository watchlists, Prices prices, AnalyticsClient analytics, Clock clock,
            PortfolioProperties properties) {
        this.watchlists = watchlists;
        this.prices = prices;
        this.analytics = analytics;
        this.clock = clock;
        this.properties = properties;
    }

    @PostMapping
    @Operation(summary = "Create a watchlist of symbols such as BTC-USDT")
    Mono<ResponseEntity<Watchlist>> create(@Valid @RequestBody WatchlistRequest request) {
        List<String> symbols = symbols(request.symbols());
        return CurrentUser.id().flatMap(user -> watchlists.countOwned(user).flatMap(count -> {
            if (count >= properties.limits().maxPerUser()) {
                return Mono.error(ApiProblem.conflict("A user may have at most " + properties.limits().maxPerUser()
                        + " watchlists."));
            }
            Instant now = clock.instant();
            return watchlists.insert(new Watchlist(UUID.randomUUID(), user, request.name().strip(), symbols, now, now));
        })).map(w -> ResponseEntity.created(URI.create("/api/v1/watchlists/" + w.id())).body(w));
    }

    @GetMapping
    @Operation(summary = "The user's watchlists with their symbols")
    Mono<List<Watchlist>> list() {
        return CurrentUser.id().flatMapMany(watchlists::listOwned).collectList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A watchlist with each symbol's latest price and its age, 24h change and latest signals")
    Mono<WatchlistView> get(@PathVariable UUID id) {
        Instant now = clock.instant();
        Instant since = now.minus(properties.analytics().signalsLookback());
        return CurrentUser.id().flatMap(user -> owned(id, user)).flatMap(w -> Flux.fromIterable(w.symbols())
                .flatMapSequential(symbol -> Mono.zip(prices.latest(symbol), signals(symbol, since))
                        .map(t -> entry(symbol, t.getT1(), t.getT2(), now)), 8)
                .collectList()
                .map(entries -> new WatchlistView(w.id(), w.name(), entries,
                        entries.stream().allMatch(e -> e.signals() != null), now)));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Rename a watchlist and replace its symbols")
    Mono<Watchlist> replace(@PathVariable UUID id, @Valid @RequestBody WatchlistRequest request) {
        List<String> symbols = symbols(request.symbols());
        return CurrentUser.id().flatMap(user -> watchlists.update(id, user, request.name().strip(), symbols, clock.instant())
                .flatMap(updated -> updated == 0 ? Mono.error(notFound(id)) : owned(id, user)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a watchlist")
    Mono<Void> delete(@PathVariable UUID id) {
        return CurrentUser.id().flatMap(user -> watchlists.delete(id, user))
                .flatMap(deleted -> deleted == 0 ? Mono.error(notFound(id)) : Mono.empty());
    }

    /** Signals are extra: if analytics-service does not answer, the prices still come (signals null). */
    private Mono<Optional<List<SignalRaised>>> signals(String symbol, Instant since) {
        return analytics.signals(symbol, since)
                .map(all -> Optional.of(all.subList(Math.max(0, all.size() - SIGNALS_PER_SYMBOL), all.size())))
                .onErrorResume(e -> {
                    log.warn("cannot read signals of {} from analytics-service: {}", symbol, e.toString());
                    return Mono.just(Optional.empty());
                });
    }

    private Entry entry(String symbol, Optional<Prices.Quote> quote, Optional<List<SignalRaised>> signals, Instant now) {
        List<SignalRaised> latest = signals.orElse(null);
        if (quote.isEmpty()) {
            return new Entry(symbol, null, null, null, null, null, null, latest);
        }
        Prices.Quote q = quote.get();
        long age = Math.max(0, Duration.between(q.time(), now).toMillis());
        String change = null;
        String percent = null;
        if (q.open24h() != null && q.open24h().signum() > 0) {
            BigDecimal diff = q.price().subtract(q.open24h());
            change = diff.stripTrailingZeros().toPlainString();
            percent = diff.multiply(BigDecimal.valueOf(100)).divide(q.open24h(), MathContext.DECIMAL128)
                    .setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        }
        return new Entry(symbol, q.price().toPlainString(), q.time(), age,
                age > properties.prices().staleAfter().toMillis(), change, percent, latest);
    }

    private List<String> symbols(List<String> requested) {
        List<ApiProblem.FieldProblem> problems = new ArrayList<>();
        LinkedHashSet<String> symbols = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String symbol = requested.get(i);
            if (!Symbols.isSymbol(symbol)) {
                problems.add(new ApiProblem.FieldProblem("symbols[" + i + "]", "must be a symbol such as BTC-USDT"));
            } else {
                symbols.add(symbol);
            }
        }
        if (symbols.size() > properties.limits().maxSymbolsPerWatchlist()) {
            problems.add(new ApiProblem.FieldProblem("symbols", "may have at most "
                    + properties.limits().maxSymbolsPerWatchlist() + " symbols"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalidFields(problems);
        }
        return List.copyOf(symbols);
    }

    private Mono<Watchlist> owned(UUID id, String user) {
        return watchlists.findOwned(id, user).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("There is no watchlist " + id + ".");
    }
}
