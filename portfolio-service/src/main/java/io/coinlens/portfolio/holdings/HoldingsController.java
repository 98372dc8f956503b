package io.coinlens.portfolio.holdings;

import io.coinlens.portfolio.transaction.TransactionService;
import io.coinlens.portfolio.web.ApiProblem;
import io.coinlens.portfolio.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/portfolios/{portfolioId}")
@Tag(name = "holdings")
@SecurityRequirement(name = "bearer")
class HoldingsController {

    static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    static final Duration MAX_RANGE = Duration.ofDays(1000);

    private final TransactionService portfolios;
    private final HoldingsService holdings;
    private final PerformanceService performance;
    private final Clock clock;

    HoldingsController(TransactionService portfolios, HoldingsService holdings, PerformanceService performance,
            Clock clock) {
        this.portfolios = portfolios;
        this.holdings = holdings;
        this.performance = performance;
        this.clock = clock;
    }

    @GetMapping("/holdings")
    @Operation(summary = "Holdings with cost basis, latest price (its age, and whether stale), value, realized and "
            + "unrealized P&L, allocation; totals with ROI")
    Mono<HoldingsService.Holdings> holdings(@PathVariable UUID portfolioId) {
        return CurrentUser.id().flatMap(user -> portfolios.owned(portfolioId, user)).flatMap(holdings::holdings);
    }

    @GetMapping("/performance")
    @Operation(summary = "Value history and time-weighted return over [from, to] (ISO-8601; default the last 30 days) "
            + "from stored candles: hourly up to 40 days, daily beyond")
    Mono<PerformanceService.Performance> performance(@PathVariable UUID portfolioId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : from;
        if (!start.isBefore(end)) {
            return Mono.error(ApiProblem.invalidField("from", "must be before to"));
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            return Mono.error(ApiProblem.invalidField("to", "the range may be at most " + MAX_RANGE.toDays() + " days"));
        }
        return CurrentUser.id().flatMap(user -> portfolios.owned(portfolioId, user))
                .flatMap(p -> performance.performance(p, start, end));
    }
}
