package io.coinlens.portfolio.alert;

import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.holdings.HoldingsService;
import io.coinlens.portfolio.portfolio.Portfolio;
import io.coinlens.portfolio.portfolio.PortfolioRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drawdown alerts. A portfolio is valued with the holdings route's own code ({@link HoldingsService}: the ledger at
 * the latest prices in Redis), on a tick every {@code drawdown-interval} (1 s), and only when it is due: when a
 * trade this instance read was on a symbol the portfolio holds, when this instance has not valued it yet, or when
 * its last valuation is older than {@code refresh-interval} (which picks up new holdings and the trades other
 * instances read). So a portfolio is valued at most once per tick however fast its prices move.
 *
 * <p>A drawdown is a fall of the market value, not money taken out: when the holdings change between two valuations
 * (a sale, a withdrawal, a purchase), the peak is scaled by the value of the new holdings over the value of the old
 * ones at the same prices, so only price moves count. A portfolio with an asset that has no price is not valued,
 * rather than look like a crash.
 */
@Component
class DrawdownMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrawdownMonitor.class);

    /** What the last valuation of a portfolio saw. */
    record Valued(Instant at, Map<String, BigDecimal> quantities, Map<String, BigDecimal> prices,
            Set<String> symbols) {
    }

    /** A complete valuation: total and per asset. */
    record Valuation(Portfolio portfolio, BigDecimal value, Map<String, BigDecimal> quantities,
            Map<String, BigDecimal> prices, Set<String> symbols) {
    }

    private final AlertBook book;
    private final AlertRepository alerts;
    private final AlertTriggers triggers;
    private final PortfolioRepository portfolios;
    private final HoldingsService holdings;
    private final Clock clock;
    private final Duration interval;
    private final Duration refresh;
    private final Map<UUID, Valued> valued = new ConcurrentHashMap<>();
    private final Set<UUID> dirty = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Set<UUID>> bySymbol = Map.of();
    private volatile Disposable ticking;

    DrawdownMonitor(AlertBook book, AlertRepository alerts, AlertTriggers triggers, PortfolioRepository portfolios,
            HoldingsService holdings, Clock clock, PortfolioProperties properties) {
        this.book = book;
        this.alerts = alerts;
        this.triggers = triggers;
        this.portfolios = portfolios;
        this.holdings = holdings;
        this.clock = clock;
        this.interval = properties.alerts().drawdownInterval();
        this.refresh = properties.alerts().refreshInterval();
    }

    /** A trade on this symbol: the portfolios holding it are due at the next tick. Cheap, on the trade path. */
    void priceSeen(String symbol, BigDecimal price) {
        Set<UUID> holding = bySymbol.get(symbol);
        if (holding != null) {
            dirty.addAll(holding);
        }
    }

    /** The portfolio's market value now, if every asset it holds has a price. */
    Mono<Optional<Valuation>> value(Portfolio portfolio) {
        return holdings.holdings(portfolio).map(h -> {
            if (!h.totals().complete() || h.totals().marketValue() == null) {
                return Optional.<Valuation>empty();
            }
            Map<String, BigDecimal> quantities = new HashMap<>();
            Map<String, BigDecimal> prices = new HashMap<>();
            Set<String> symbols = new HashSet<>();
            for (HoldingsService.Holding holding : h.holdings()) {
                BigDecimal quantity = new BigDecimal(holding.quantity());
                if (quantity.signum() != 0) {
                    quantities.put(holding.asset(), quantity);
                }
                if (holding.price() != null) {
                    prices.put(holding.asset(), new BigDecimal(holding.price()));
                }
                if (holding.symbol() != null && quantity.signum() != 0) {
                    symbols.add(holding.symbol());
                }
            }
            return Optional.of(new Valuation(portfolio, new BigDecimal(h.totals().marketValue()), quantities, prices,
                    symbols));
        });
    }

    /** One tick: every due portfolio, one after the other. */
    Mono<Long> tick() {
        Instant now = clock.instant();
        Map<String, List<Alert>> watched = book.all(AlertKind.DRAWDOWN);
        valued.keySet().removeIf(id -> !watched.containsKey(id.toString()));
        return Flux.fromIterable(watched.values())
                .filter(list -> !list.isEmpty())
                .filter(list -> {
                    UUID id = list.get(0).portfolioId();
                    Valued last = valued.get(id);
                    return dirty.remove(id) || last == null || !last.at().plus(refresh).isAfter(now);
                })
                .concatMap(list -> evaluate(list, now))
                .reduce(0L, Long::sum)
                .doOnNext(n -> indexSymbols());
    }

    private Mono<Long> evaluate(List<Alert> watching, Instant now) {
        Alert first = watching.get(0);
        return portfolios.findOwned(first.portfolioId(), first.userId())
                .flatMap(this::value)
                .flatMap(found -> {
                    if (found.isEmpty() || found.get().value().signum() <= 0) {
                        return Mono.just(0L);
                    }
                    Valuation v = found.get();
                    Valued before = valued.put(v.portfolio().id(),
                            new Valued(now, v.quantities(), v.prices(), v.symbols()));
                    BigDecimal rebase = before == null || before.quantities().equals(v.quantities()) ? null
                            : rebaseFactor(before, v);
                    return Flux.fromIterable(watching)
                            .concatMap(alert -> evaluate(alert, v, rebase, now))
                            .reduce(0L, Long::sum);
                })
                .defaultIfEmpty(0L)
                .onErrorResume(e -> {
                    log.warn("cannot value portfolio {} for its drawdown alerts: {}", first.portfolioId(), e.toString());
                    return Mono.just(0L);
                });
    }

    /** New holdings' value over the old holdings' value, both at today's prices (yesterday's where none now). */
    static BigDecimal rebaseFactor(Valued before, Valuation now) {
        BigDecimal old = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : before.quantities().entrySet()) {
            BigDecimal price = now.prices().getOrDefault(e.getKey(), before.prices().get(e.getKey()));
            if (price == null) {
                return null;
            }
            old = old.add(e.getValue().multiply(price));
        }
        return old.signum() <= 0 ? null : now.value().divide(old, MathContext.DECIMAL64);
    }

    private Mono<Long> evaluate(Alert alert, Valuation v, BigDecimal rebase, Instant now) {
        BigDecimal stored = alert.peak();
        BigDecimal rebased = stored == null || rebase == null ? stored
                : AlertTriggers.plain(stored.multiply(rebase).setScale(18, RoundingMode.HALF_EVEN));
        BigDecimal peak = DrawdownRule.peak(rebased, v.value());
        DrawdownRule rule = alert.drawdownRule();
        AlertRule.Decision decision = rule.evaluate(alert.armed(), alert.lastTriggeredAt(), peak, v.value(), now);
        if (decision == AlertRule.Decision.FIRE) {
            BigDecimal drawdown = AlertTriggers.plain(DrawdownRule.drawdown(peak, v.value())
                    .setScale(4, RoundingMode.HALF_EVEN));
            String quote = v.portfolio().quoteCurrency();
            String message = "Portfolio " + v.portfolio().name() + " fell " + drawdown.toPlainString()
                    + "% from its peak " + peak.toPlainString() + " " + quote + " to " + v.value().toPlainString()
                    + " " + quote;
            return savePeak(alert, stored, peak)
                    .then(triggers.fireAndDisarm(alert, new AlertTriggers.Firing(AlertKind.DRAWDOWN.code(), null,
                            null, drawdown, alert.threshold(), now,
                            message.length() > 300 ? message.substring(0, 300) : message, null)))
                    .doOnNext(fired -> book.changed(alert.withState(fired > 0 ? false : alert.armed(),
                            fired > 0 ? now : alert.lastTriggeredAt(), peak)));
        }
        if (decision == AlertRule.Decision.REARM) {
            // The peak starts afresh from here: the next firing needs a new fall.
            return alerts.rearm(alert.id(), v.value())
                    .doOnNext(n -> book.changed(alert.withState(true, alert.lastTriggeredAt(), v.value())))
                    .thenReturn(0L);
        }
        if (stored != null && stored.compareTo(peak) == 0) {
            return Mono.just(0L);
        }
        return savePeak(alert, stored, peak).doOnNext(n -> book.changed(alert.withState(alert.armed(),
                alert.lastTriggeredAt(), peak))).thenReturn(0L);
    }

    private Mono<Long> savePeak(Alert alert, BigDecimal stored, BigDecimal peak) {
        if (stored != null && stored.compareTo(peak) == 0) {
            return Mono.just(0L);
        }
        return stored != null && peak.compareTo(stored) < 0 ? alerts.rebasePeak(alert.id(), peak)
                : alerts.raisePeak(alert.id(), peak);
    }

    private void indexSymbols() {
        Map<String, Set<UUID>> index = new HashMap<>();
        valued.forEach((id, v) -> v.symbols().forEach(s -> index.computeIfAbsent(s, k -> new HashSet<>()).add(id)));
        bySymbol = Map.copyOf(index);
    }

    @Override
    public void start() {
        ticking = Flux.interval(interval, interval)
                .onBackpressureDrop()
                .concatMap(tick -> tick().onErrorResume(e -> {
                    log.warn("drawdown tick failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = ticking;
        if (running != null) {
            running.dispose();
        }
        ticking = null;
    }

    @Override
    public boolean isRunning() {
        return ticking != null;
    }
}
