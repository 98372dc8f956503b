package io.coinlens.simulator.fault;

import io.coinlens.simulator.MutableClock;
import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.MarketEvent;
import io.coinlens.simulator.market.MarketFeed;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class FaultsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MarketFeed feed = new MarketFeed(clock);
    private final Market market = new Market(feed, 1, 1000, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<MarketEvent> sent = new CopyOnWriteArrayList<>();

    FaultsTests() {
        market.list(new SymbolInfo("BTCUSDT", "BTC", "USDT", "test", 2, 8));
        feed.events().subscribe(sent::add);
    }

    private Faults faults(SimulatorProperties.Faults schedule) {
        return new Faults(schedule, market, meters);
    }

    private static SimulatorProperties.Faults none() {
        return new SimulatorProperties.Faults(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30), Duration.ZERO);
    }

    private Trade trade() {
        return market.trade("BTCUSDT", new BigDecimal("100.00"), new BigDecimal("0.5"), clock.millis(), false, true);
    }

    @Test
    void aLateTradeIsARealTradeStampedInThePast() {
        Faults faults = faults(none());
        trade();
        Trade late = faults.late(null, Duration.ofSeconds(30)).orElseThrow();
        assertThat(late.id()).isEqualTo(2);
        assertThat(late.time()).isEqualTo(clock.millis() - 30_000);
        assertThat(market.trades("BTCUSDT", 2L, null, null, 1)).containsExactly(late);
        assertThat(faults.counts()).containsEntry("late", 1L);
        assertThat(meters.counter("simulator.faults", "kind", "late").count()).isEqualTo(1);
    }

    @Test
    void aLateTradeNeedsATradeToCopy() {
        assertThat(faults(none()).late("BTCUSDT", Duration.ofSeconds(5))).isEmpty();
        assertThat(faults(none()).late("NOPEUSDT", Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aStallHoldsBackEverythingUntilItEnds() {
        Faults faults = faults(none());
        faults.stall(Duration.ofSeconds(2));
        trade();
        clock.advance(2_000);
        trade();
        assertThat(sent).filteredOn(e -> e instanceof MarketEvent.TradeSent)
                .extracting(e -> ((MarketEvent.TradeSent) e).trade().id()).containsExactly(2L);
        assertThat(faults.counts()).containsEntry("stall", 1L);
    }

    @Test
    void duplicatesAndReordersAreCountedWhenApplied() {
        Faults faults = faults(none());
        faults.duplicate(null, 2);
        assertThat(faults.counts()).containsEntry("duplicate", 0L);
        trade();
        trade();
        trade();
        assertThat(faults.counts()).containsEntry("duplicate", 2L);
        faults.reorder("BTCUSDT", 1);
        trade();
        trade();
        assertThat(faults.counts()).containsEntry("reorder", 1L);
        assertThat(sent).filteredOn(e -> e instanceof MarketEvent.TradeSent)
                .extracting(e -> ((MarketEvent.TradeSent) e).trade().id()).containsExactly(1L, 1L, 2L, 2L, 3L, 5L, 4L);
    }

    @Test
    void dropAndMalformedReachEveryConnection() {
        Faults faults = faults(none());
        assertThat(faults.drop()).isEqualTo(1);
        assertThat(faults.malformed()).isEqualTo(1);
        assertThat(sent).hasExactlyElementsOfTypes(MarketEvent.Disconnect.class, MarketEvent.MalformedFrame.class);
        assertThat(faults.counts()).containsEntry("drop", 1L).containsEntry("malformed", 1L);
    }

    @Test
    void scheduledFaultsFireOncePerPeriod() {
        Faults faults = faults(new SimulatorProperties.Faults(Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(5),
                Duration.ZERO, Duration.ZERO, Duration.ofSeconds(4), Duration.ofSeconds(60), Duration.ofSeconds(3)));
        trade();
        for (int second = 0; second <= 12; second++) {
            faults.onTick(clock.millis());
            clock.advance(1_000);
        }
        // First tick at t=0 arms the schedule: drop at 10 s, late at 4 and 8 s (and 12), malformed at 3, 6, 9, 12 s.
        assertThat(faults.counts()).containsEntry("drop", 1L).containsEntry("late", 3L).containsEntry("malformed", 4L)
                .containsEntry("stall", 0L);
    }
}
