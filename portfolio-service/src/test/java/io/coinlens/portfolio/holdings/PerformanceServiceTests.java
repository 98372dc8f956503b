package io.coinlens.portfolio.holdings;

import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import io.coinlens.portfolio.config.PortfolioProperties;
import io.coinlens.portfolio.portfolio.Portfolio;
import io.coinlens.portfolio.transaction.Transaction;
import io.coinlens.portfolio.transaction.TransactionType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PerformanceServiceTests {

    private static final long DAY = 86_400_000L;
    private static final Instant DAY0 = Instant.parse("2026-03-01T00:00:00Z");

    private final PerformanceService service = new PerformanceService(null, null, new PortfolioProperties(
            new PortfolioProperties.Prices(Duration.ofSeconds(60)), new PortfolioProperties.Assets(8, null),
            new PortfolioProperties.Analytics(URI.create("http://localhost"), Duration.ofSeconds(1), Duration.ofHours(24)),
            new PortfolioProperties.Limits(10, 10, 10, org.springframework.util.unit.DataSize.ofMegabytes(1)),
            new PortfolioProperties.Alerts(Duration.ofSeconds(5), 10, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(10))));
    private final Portfolio portfolio = new Portfolio(UUID.randomUUID(), "u", "p", "USDT", CostBasisMethod.FIFO, false,
            false, DAY0, DAY0);

    @Test
    void timeWeightedReturnChainsSubPeriodsAndIgnoresWhenMoneyCameIn() {
        // Daily closes 100, 110, 99. One BTC bought at 100 on day 1, another at 110 on day 3.
        // Day 1 -> 2: 110 / 100 = 1.1. Day 2 -> 3: (2 * 99 - 110) / 110 = 0.8. TWR = 1.1 * 0.8 - 1 = -12%.
        List<CandleUpdated> candles = List.of(candle(1, "100"), candle(2, "110"), candle(3, "99"));
        List<Transaction> ledger = List.of(buy("1", "100", DAY0.plusMillis(DAY / 2)),
                buy("1", "110", DAY0.plusMillis(2 * DAY + DAY / 2)));

        PerformanceService.Performance result = service.compute(portfolio, ledger, Map.of("BTC", candles),
                DAY0, DAY0.plusMillis(4 * DAY), Interval.D1);

        assertThat(result.points()).extracting(PerformanceService.Point::value).containsExactly("100", "110", "198");
        assertThat(result.points()).extracting(PerformanceService.Point::netFlow).containsExactly("100", "0", "110");
        assertThat(result.timeWeightedReturnPercent()).isEqualTo("-12");
        assertThat(result.netFlows()).isEqualTo("110"); // the first point's purchase opens the range
        assertThat(result.missingPrices()).isEmpty();
    }

    @Test
    void aSaleIsMoneyTakenOutNotALoss() {
        // Hold 2 at 100; day 2 the price is 120 and 1 is sold at 120: value 120, flow -120 -> (120 + 120) / 200 = 1.2.
        List<CandleUpdated> candles = List.of(candle(1, "100"), candle(2, "120"));
        List<Transaction> ledger = List.of(buy("2", "100", DAY0.plusMillis(DAY / 2)),
                tx(TransactionType.SELL, "1", "120", DAY0.plusMillis(DAY + DAY / 2)));
        PerformanceService.Performance result = service.compute(portfolio, ledger, Map.of("BTC", candles),
                DAY0, DAY0.plusMillis(3 * DAY), Interval.D1);
        assertThat(result.timeWeightedReturnPercent()).isEqualTo("20");
        assertThat(result.endValue()).isEqualTo("120");
    }

    @Test
    void withoutCandlesThereIsNoReturnAndTheAssetIsNamed() {
        PerformanceService.Performance result = service.compute(portfolio, List.of(buy("1", "100", DAY0)),
                Map.of("BTC", List.of()), DAY0, DAY0.plusMillis(DAY), Interval.D1);
        assertThat(result.points()).isEmpty();
        assertThat(result.timeWeightedReturnPercent()).isNull();
    }

    @Test
    void shortRangesUseHourlyCandles() {
        assertThat(PerformanceService.intervalFor(DAY0, DAY0.plus(Duration.ofDays(7)))).isEqualTo(Interval.H1);
        assertThat(PerformanceService.intervalFor(DAY0, DAY0.plus(Duration.ofDays(365)))).isEqualTo(Interval.D1);
    }

    /** The candle of day n closes at the end of day n. */
    private static CandleUpdated candle(int day, String close) {
        long open = DAY0.toEpochMilli() + (day - 1) * DAY;
        BigDecimal c = new BigDecimal(close);
        return new CandleUpdated("binance", "BTC-USDT", Interval.D1, open, open + DAY - 1, c, c, c, c, BigDecimal.ONE,
                c, 1, true, 1, "live");
    }

    private Transaction buy(String quantity, String price, Instant at) {
        return tx(TransactionType.BUY, quantity, price, at);
    }

    private Transaction tx(TransactionType type, String quantity, String price, Instant at) {
        return new Transaction(UUID.randomUUID(), portfolio.id(), at.toEpochMilli(), type, "BTC",
                new BigDecimal(quantity), new BigDecimal(price), BigDecimal.ZERO, at, null, null, at);
    }
}
