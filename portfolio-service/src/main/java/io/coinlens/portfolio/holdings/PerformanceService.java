package io.coinlens.portfolio.holdings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.portfolio.Portfolio;
import io.coinlens.portfolio.transaction.Transaction;
import io.coinlens.portfolio.transaction.TransactionRepository;
import io.coinlens.portfolio.transaction.TransactionType;
import io.coinlens.portfolio.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Value history and time-weighted return over a range, from candle closes served by analytics-service. Points are the
 * candles' close times; between two points, money put in (a purchase at its cost, a deposit or transfer in at market)
 * or taken out (a sale's proceeds, a withdrawal or transfer out at market) is a flow, assumed to happen at the end of
 * the sub-period, so each sub-period's return is (value - flow) / previous value. Sub-periods that start with nothing
 * invested are skipped. TWR is the product of (1 + return) minus 1.
 */
@Service
public class PerformanceService {

    private static final Logger log = LoggerFactory.getLogger(PerformanceService.class);

    public record Point(Instant time, String value, String netFlow) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Performance(UUID portfolioId, String quoteCurrency, Instant from, Instant to, String interval,
            List<Point> points, String startValue, String endValue, String netFlows, String timeWeightedReturnPercent,
            List<String> missingPrices) {
    }

    private final TransactionRepository transactions;
    private final AnalyticsClient analytics;
    private final PortfolioProperties properties;

    PerformanceService(TransactionRepository transactions, AnalyticsClient analytics, PortfolioProperties properties) {
        this.transactions = transactions;
        this.analytics = analytics;
        this.properties = properties;
    }

    /** 1h candles for up to 40 days, else 1d (at most 1000 candles either way). */
    static Interval intervalFor(Instant from, Instant to) {
        return Duration.between(from, to).compareTo(Duration.ofDays(40)) <= 0 ? Interval.H1 : Interval.D1;
    }

    public Mono<Performance> performance(Portfolio portfolio, Instant from, Instant to) {
        Interval interval = intervalFor(from, to);
        return transactions.ledger(portfolio.id()).collectList().flatMap(ledger -> {
            Set<String> assets = new LinkedHashSet<>();
            ledger.stream().map(Transaction::asset).filter(a -> !a.equals(portfolio.quoteCurrency())).forEach(assets::add);
            return Flux.fromIterable(assets)
                    .flatMap(asset -> analytics.candles(asset + "-" + portfolio.quoteCurrency(), interval, from, to)
                            .collectList().map(candles -> Map.entry(asset, candles)), 4)
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .onErrorMap(e -> !(e instanceof ApiProblem), e -> {
                        log.warn("cannot read candles from analytics-service: {}", e.toString());
                        return ApiProblem.unavailable("Price history is unavailable right now. Try again shortly.",
                                Duration.ofSeconds(10));
                    })
                    .map(candles -> compute(portfolio, ledger, candles, from, to, interval));
        });
    }

    Performance compute(Portfolio portfolio, List<Transaction> ledger, Map<String, List<CandleUpdated>> candles,
            Instant from, Instant to, Interval interval) {
        int money = properties.assets().scale(portfolio.quoteCurrency());
        Map<String, NavigableMap<Long, BigDecimal>> closes = new java.util.HashMap<>();
        TreeSet<Long> times = new TreeSet<>();
        candles.forEach((asset, list) -> {
            NavigableMap<Long, BigDecimal> byTime = new TreeMap<>();
            for (CandleUpdated c : list) {
                long close = Math.min(c.closeTime(), to.toEpochMilli());
                byTime.put(close, c.close());
                if (close >= from.toEpochMilli()) {
                    times.add(close);
                }
            }
            closes.put(asset, byTime);
        });
        Ledger replay = new Ledger(portfolio.costBasisMethod(), portfolio.allowShort(), portfolio.quoteCurrency());
        Set<String> missing = new TreeSet<>();
        List<Point> points = new ArrayList<>();
        int next = 0;
        BigDecimal previous = null;
        BigDecimal growth = BigDecimal.ONE;
        boolean measured = false;
        BigDecimal totalFlows = BigDecimal.ZERO;
        for (long time : times) {
            BigDecimal flow = BigDecimal.ZERO;
            while (next < ledger.size() && ledger.get(next).executedAt().toEpochMilli() <= time) {
                Transaction tx = ledger.get(next++);
                replay.apply(tx);
                flow = flow.add(flow(tx, portfolio, closes, time));
            }
            BigDecimal value = BigDecimal.ZERO;
            for (Ledger.Position position : replay.positions().values()) {
                if (position.quantity().signum() == 0) {
                    continue;
                }
                BigDecimal price = position.asset().equals(portfolio.quoteCurrency()) ? BigDecimal.ONE
                        : closeAt(closes, position.asset(), time);
                if (price == null) {
                    missing.add(position.asset());
                    continue;
                }
                value = value.add(position.quantity().multiply(price));
            }
            if (previous != null) {
                totalFlows = totalFlows.add(flow);
                if (previous.signum() > 0) {
                    growth = growth.multiply(value.subtract(flow)).divide(previous, Ledger.SPLIT);
                    measured = true;
                }
            }
            points.add(new Point(Instant.ofEpochMilli(time), HoldingsService.plain(value, money),
                    HoldingsService.plain(flow, money)));
            previous = value;
        }
        String twr = measured ? HoldingsService.plain(growth.subtract(BigDecimal.ONE).multiply(BigDecimal.valueOf(100)), 4)
                : null;
        return new Performance(portfolio.id(), portfolio.quoteCurrency(), from, to, interval.code(), points,
                points.isEmpty() ? null : points.get(0).value(),
                points.isEmpty() ? null : points.get(points.size() - 1).value(),
                HoldingsService.plain(totalFlows, money), twr, List.copyOf(missing));
    }

    /** Money into the portfolio is positive, money out negative; a fee paid in units is a loss, not a flow. */
    private static BigDecimal flow(Transaction tx, Portfolio portfolio, Map<String, NavigableMap<Long, BigDecimal>> closes,
            long time) {
        BigDecimal fee = tx.fee() == null ? BigDecimal.ZERO : tx.fee();
        BigDecimal market = tx.asset().equals(portfolio.quoteCurrency()) ? BigDecimal.ONE
                : closeAt(closes, tx.asset(), time);
        BigDecimal unit = market != null ? market : tx.price() != null ? tx.price() : BigDecimal.ZERO;
        TransactionType type = tx.type();
        BigDecimal traded = tx.price() != null ? tx.price() : unit;
        if (type == TransactionType.BUY) {
            return tx.quantity().multiply(traded).add(fee);
        }
        if (type == TransactionType.SELL) {
            return tx.quantity().multiply(traded).subtract(fee).negate();
        }
        if (type == TransactionType.DEPOSIT || type == TransactionType.TRANSFER_IN) {
            return tx.quantity().multiply(unit);
        }
        if (type == TransactionType.WITHDRAWAL || type == TransactionType.TRANSFER_OUT) {
            return tx.quantity().multiply(unit).negate();
        }
        return BigDecimal.ZERO;
    }

    private static BigDecimal closeAt(Map<String, NavigableMap<Long, BigDecimal>> closes, String asset, long time) {
        NavigableMap<Long, BigDecimal> byTime = closes.get(asset);
        Map.Entry<Long, BigDecimal> entry = byTime == null ? null : byTime.floorEntry(time);
        return entry == null ? null : entry.getValue();
    }
}
