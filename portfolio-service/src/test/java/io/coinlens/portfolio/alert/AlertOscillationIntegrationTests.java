package io.coinlens.portfolio.alert;

import io.coinlens.contracts.Interval;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.simulator.market.Candle;
import io.coinlens.simulator.market.TradeGenerator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's acceptance test: trades the exchange simulator makes up inside candles that swing around an alert's
 * threshold, through Kafka, fire the alert exactly once per real crossing.
 */
class AlertOscillationIntegrationTests extends AlertIntegrationTestBase {

    private static final BigDecimal THRESHOLD = new BigDecimal("100");
    private static final BigDecimal BAND = new BigDecimal("2");

    @Test
    void anAlertFiresExactlyOncePerCrossingWhileSimulatedPricesOscillateAroundItsThreshold() throws Exception {
        String symbol = newSymbol("O");
        String user = newUser();
        create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", THRESHOLD.toPlainString(),
                "hysteresis", BAND.toPlainString()));

        List<TradeRecorded> trades = simulatedTrades(symbol);
        int crossings = crossings(trades);
        // Each rising candle reaches 103 and each falling one 95, so there are at least six; the generator's path
        // inside a candle may cross more often, and the expectation follows it.
        assertThat(crossings).isGreaterThanOrEqualTo(6);

        publish(trades);
        drainTrades(symbol);

        List<Map<String, Object>> history = history(user);
        assertThat(history).hasSize(crossings);
        assertThat(history).allSatisfy(e -> assertThat(new BigDecimal((String) e.get("observed")))
                .isGreaterThanOrEqualTo(THRESHOLD));
        assertThat(published(user, crossings)).hasSize(crossings);
    }

    /**
     * One trade may fire some alerts and re-arm others (one statement does both): the re-arming must reach the
     * database too, or the conditional disarm would refuse the re-armed alert's next firing.
     */
    @Test
    void aTradeThatFiresOneAlertAndRearmsAnotherDoesBoth() throws Exception {
        String symbol = newSymbol("R");
        String user = newUser();
        String above = create(user, Map.of("symbol", symbol, "direction", "ABOVE", "threshold", "100",
                "hysteresis", "5"));
        String below = create(user, Map.of("symbol", symbol, "direction", "BELOW", "threshold", "90",
                "hysteresis", "5"));

        // 89 fires BELOW; 101 fires ABOVE and re-arms BELOW (above 95); 89 fires BELOW again and re-arms ABOVE;
        // 101 fires ABOVE again.
        trades(symbol, "89", "101", "89", "101");

        assertThat(awaitHistory(user, 4)).extracting(e -> e.get("alertId")).containsExactly(above, below, above, below);
        assertThat(published(user, 4)).extracting(e -> e.alertId()).containsExactly(below, above, below, above);
    }

    /** Six rising and six falling one-minute candles through 100, expanded into trades by the simulator. */
    private static List<TradeRecorded> simulatedTrades(String symbol) {
        TradeGenerator generator = new TradeGenerator(42, 40);
        long open = Interval.M1.openTimeOf(System.currentTimeMillis()) - 30 * 60_000L;
        List<TradeRecorded> trades = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < 12; i++) {
            boolean rising = i % 2 == 0;
            Candle candle = rising
                    ? new Candle(open, dec("97"), dec("103"), dec("96.5"), dec("102"), dec("25.000"))
                    : new Candle(open, dec("102"), dec("102.5"), dec("95"), dec("96"), dec("25.000"));
            for (TradeGenerator.GeneratedTrade t : generator.generate(symbol, candle, 60_000, id)) {
                trades.add(new TradeRecorded("binance", symbol, t.id(), t.price(), t.quantity(), t.buyerMaker(),
                        t.time(), t.time() + 5));
                id = t.id() + 1;
            }
            open += 60_000;
        }
        return trades;
    }

    /** Upward crossings: reaching the threshold after having been at or below its band's lower edge (or at start). */
    private static int crossings(List<TradeRecorded> trades) {
        int count = 0;
        boolean belowBand = true;
        BigDecimal rearm = THRESHOLD.subtract(BAND);
        for (TradeRecorded trade : trades) {
            if (belowBand && trade.price().compareTo(THRESHOLD) >= 0) {
                count++;
                belowBand = false;
            } else if (trade.price().compareTo(rearm) <= 0) {
                belowBand = true;
            }
        }
        return count;
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }
}
