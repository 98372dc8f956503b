package io.coinlens.portfolio.alert;

import io.coinlens.portfolio.holdings.CostBasisMethod;
import io.coinlens.portfolio.portfolio.Portfolio;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DrawdownMonitorTests {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Portfolio PORTFOLIO = new Portfolio(UUID.randomUUID(), "u", "Main", "USDT",
            CostBasisMethod.FIFO, false, false, T0, T0);

    @Test
    void sellingHalfTheHoldingsHalvesThePeakSoItIsNoDrawdown() {
        DrawdownMonitor.Valued before = new DrawdownMonitor.Valued(T0, Map.of("BTC", dec("2")),
                Map.of("BTC", dec("1000")), Set.of("BTC-USDT"));
        // One BTC sold; the price is unchanged at 1000, so the value halves.
        DrawdownMonitor.Valuation after = new DrawdownMonitor.Valuation(PORTFOLIO, dec("1000"), Map.of("BTC", dec("1")),
                Map.of("BTC", dec("1000")), Set.of("BTC-USDT"));
        BigDecimal factor = DrawdownMonitor.rebaseFactor(before, after);
        assertThat(factor).isEqualByComparingTo("0.5");
        BigDecimal peak = dec("2000").multiply(factor);
        assertThat(DrawdownRule.drawdown(peak, after.value())).isEqualByComparingTo("0");
    }

    @Test
    void aPriceMoveAtTheSameTimeAsAPurchaseStillCounts() {
        DrawdownMonitor.Valued before = new DrawdownMonitor.Valued(T0, Map.of("BTC", dec("1")),
                Map.of("BTC", dec("1000")), Set.of("BTC-USDT"));
        // One more BTC bought while the price fell to 800: the new holdings are worth 1600, the old ones 800 now.
        DrawdownMonitor.Valuation after = new DrawdownMonitor.Valuation(PORTFOLIO, dec("1600"), Map.of("BTC", dec("2")),
                Map.of("BTC", dec("800")), Set.of("BTC-USDT"));
        BigDecimal peak = dec("1000").multiply(DrawdownMonitor.rebaseFactor(before, after));
        assertThat(DrawdownRule.drawdown(peak, after.value())).isEqualByComparingTo("20");
    }

    @Test
    void anAssetSoldOutEntirelyIsValuedAtItsLastPrice() {
        DrawdownMonitor.Valued before = new DrawdownMonitor.Valued(T0, Map.of("BTC", dec("1"), "ETH", dec("10")),
                Map.of("BTC", dec("1000"), "ETH", dec("100")), Set.of("BTC-USDT", "ETH-USDT"));
        DrawdownMonitor.Valuation after = new DrawdownMonitor.Valuation(PORTFOLIO, dec("1000"), Map.of("BTC", dec("1")),
                Map.of("BTC", dec("1000")), Set.of("BTC-USDT"));
        assertThat(DrawdownMonitor.rebaseFactor(before, after)).isEqualByComparingTo("0.5");
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }
}
