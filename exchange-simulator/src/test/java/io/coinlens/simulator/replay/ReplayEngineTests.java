package io.coinlens.simulator.replay;

import io.coinlens.contracts.Interval;
import io.coinlens.simulator.MutableClock;
import io.coinlens.simulator.SimulatorSettings;
import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.fault.Faults;
import io.coinlens.simulator.market.Candle;
import io.coinlens.simulator.market.CandleSeries;
import io.coinlens.simulator.market.Kline;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.MarketEvent;
import io.coinlens.simulator.market.MarketFeed;
import io.coinlens.simulator.market.SeriesCatalog;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayEngineTests {

    private static final SeriesCatalog CATALOG = new SeriesCatalog();
    private static final Instant WALL = Instant.parse("2026-03-01T12:00:00Z");
    private static final long JUNE_15 = Instant.parse("2024-06-15T00:00:00Z").toEpochMilli();

    private final MutableClock clock = new MutableClock(WALL);
    private final List<Trade> sent = Collections.synchronizedList(new ArrayList<>());
    private Market market;

    private ReplayEngine engine(SimulatorProperties properties) {
        MarketFeed feed = new MarketFeed(clock);
        feed.events().subscribe(e -> {
            if (e instanceof MarketEvent.TradeSent t) {
                sent.add(t.trade());
            }
        });
        market = new Market(feed, properties.replay().firstTradeId(), properties.history().maxTrades(),
                properties.history().maxKlines(), Duration.ofSeconds(1), Duration.ofSeconds(1));
        Faults faults = new Faults(properties.faults(), market, new SimpleMeterRegistry());
        return new ReplayEngine(properties, CATALOG, market, faults, clock);
    }

    @Test
    void listsOneUsdtSymbolPerSeriesWithFiltersFromTheData() {
        engine(new SimulatorSettings().build());
        assertThat(market.listed()).extracting(SymbolInfo::symbol).containsExactly("BTCUSDT", "ETHUSDT");
        SymbolInfo btc = market.info("BTCUSDT").orElseThrow();
        assertThat(btc.canonical()).isEqualTo("BTC-USDT");
        assertThat(btc.tickSize()).isEqualByComparingTo("0.01");
        assertThat(btc.stepSize()).isEqualByComparingTo("0.00000001");
    }

    @Test
    void playsOneFourHourCandlePerSecondAtTheDefaultSpeedAndStampsTradesWithWallTime() {
        ReplayEngine engine = engine(new SimulatorSettings().series("BTC-USD-4h").build());
        long wall0 = clock.millis();
        engine.prepare(wall0);
        for (int i = 1; i <= 30; i++) {
            clock.advance(100);
            engine.advance(clock.millis());
        }
        // Three wall seconds: the three candles from 2024-06-15 00:00, 04:00 and 08:00, re-stamped into those seconds.
        CandleSeries btc = CATALOG.get("BTC-USD-4h");
        int first = btc.indexAt(JUNE_15);
        List<Candle> played = btc.candles().subList(first, first + 3);
        assertThat(sent).isNotEmpty();
        for (int c = 0; c < 3; c++) {
            long from = wall0 + c * 1000L;
            List<Trade> inCandle = sent.stream().filter(t -> t.time() >= from && t.time() < from + 1000).toList();
            Candle candle = played.get(c);
            assertThat(inCandle.get(0).price()).isEqualByComparingTo(candle.open());
            assertThat(inCandle.get(inCandle.size() - 1).price()).isEqualByComparingTo(candle.close());
            assertThat(inCandle.stream().map(Trade::quantity).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(candle.volume());
        }
        assertThat(sent).allSatisfy(t -> assertThat(t.time()).isBetween(wall0, clock.millis()));
    }

    @Test
    void tradeIdsAreGaplessAndTimesNeverGoBackAcrossTicks() {
        ReplayEngine engine = engine(new SimulatorSettings().build());
        engine.prepare(clock.millis());
        for (int i = 0; i < 50; i++) {
            clock.advance(100);
            engine.advance(clock.millis());
        }
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            List<Trade> trades = sent.stream().filter(t -> t.symbol().equals(symbol)).toList();
            assertThat(trades).hasSizeGreaterThan(100);
            for (int i = 1; i < trades.size(); i++) {
                assertThat(trades.get(i).id()).isEqualTo(trades.get(i - 1).id() + 1);
                assertThat(trades.get(i).time()).isGreaterThanOrEqualTo(trades.get(i - 1).time());
            }
        }
    }

    @Test
    void theWarmUpFillsTheHistoryWithoutSendingAndLiveTradesContinueItsIds() {
        ReplayEngine engine = engine(new SimulatorSettings().warmup(Duration.ofMinutes(2)).build());
        long wall0 = clock.millis();
        engine.prepare(wall0);
        assertThat(sent).isEmpty();
        List<Trade> history = market.trades("BTCUSDT", 1L, null, null, 1000);
        assertThat(history).hasSize(1000);
        assertThat(history.get(0).id()).isEqualTo(1);
        assertThat(history.get(0).time()).isGreaterThanOrEqualTo(wall0 - 120_000);
        List<Trade> latest = market.latestTrades("BTCUSDT", 1);
        assertThat(latest.get(0).time()).isLessThanOrEqualTo(wall0);
        // Two wall minutes at 14400x are 480 hours, i.e. 120 four-hour candles before the start.
        List<Kline> minutes = market.klines("BTCUSDT", Interval.M1, null, null, 10);
        assertThat(minutes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(minutes.get(0).closed()).isTrue();

        clock.advance(1000);
        engine.advance(clock.millis());
        assertThat(sent).filteredOn(t -> t.symbol().equals("BTCUSDT")).first()
                .satisfies(t -> assertThat(t.id()).isEqualTo(latest.get(0).id() + 1));
    }

    @Test
    void theSameSeedReplaysTheSameTrades() {
        List<List<Trade>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            sent.clear();
            clock.set(WALL.toEpochMilli());
            ReplayEngine engine = engine(new SimulatorSettings().series("ETH-USD-4h").build());
            engine.prepare(clock.millis());
            for (int i = 0; i < 20; i++) {
                clock.advance(100);
                engine.advance(clock.millis());
            }
            runs.add(List.copyOf(sent));
        }
        assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
    }

    @Test
    void aSeriesThatDoesNotCoverTheStartPlaysFromItsFirstCandleAndWrapsAroundAtItsEnd() {
        ReplayEngine engine = engine(new SimulatorSettings().series("BTC-USD-1m").speed(60_000).tradesPerCandle(4).build());
        long wall0 = clock.millis();
        engine.prepare(wall0);
        CandleSeries minutes = CATALOG.get("BTC-USD-1m");
        // 1440 one-minute candles at one per wall millisecond: the day is over after 1.44 s and starts again.
        for (int i = 0; i < 16; i++) {
            clock.advance(100);
            engine.advance(clock.millis());
        }
        Candle first = minutes.candles().get(0);
        assertThat(sent.get(0).price()).isEqualByComparingTo(first.open());
        assertThat(engine.status().get(0).candlesGenerated()).isGreaterThan(minutes.candles().size());
        List<Trade> secondLap = sent.stream().filter(t -> t.time() >= wall0 + 1440).toList();
        assertThat(secondLap.get(0).price()).isEqualByComparingTo(first.open());
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i).time()).isGreaterThanOrEqualTo(sent.get(i - 1).time());
        }
    }

    @Test
    void loadModeAddsSyntheticSymbolsAtTheConfiguredTotalRate() {
        ReplayEngine engine = engine(new SimulatorSettings().series("BTC-USD-4h").load(5, 200).build());
        assertThat(market.listed()).extracting(SymbolInfo::symbol)
                .contains("SYN0001USDT", "SYN0005USDT").doesNotContain("SYN0006USDT");
        engine.prepare(clock.millis());
        for (int i = 0; i < 50; i++) {
            clock.advance(100);
            engine.advance(clock.millis());
        }
        List<Trade> synthetic = sent.stream().filter(t -> t.symbol().startsWith("SYN")).toList();
        // 200 trades per second over 5 simulated seconds (the first tick only starts the clock).
        assertThat(synthetic).hasSize(980);
        assertThat(synthetic).extracting(Trade::symbol).containsAll(List.of("SYN0001USDT", "SYN0002USDT",
                "SYN0003USDT", "SYN0004USDT", "SYN0005USDT"));
        assertThat(synthetic).allSatisfy(t -> {
            assertThat(t.price().signum()).isPositive();
            assertThat(t.quantity().signum()).isPositive();
        });
    }

    @Test
    void refusesTwoSeriesOfTheSameCoin() {
        assertThatThrownBy(() -> engine(new SimulatorSettings().series("ETH-USD-4h", "ETH-USD-1d").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ETHUSDT");
    }

    @Test
    void mapsWallTimeToSourceTimeBothWays() {
        ReplayClock c = new ReplayClock(1_000_000, JUNE_15, 14_400);
        assertThat(c.toSource(1_001_000)).isEqualTo(JUNE_15 + 14_400_000);
        assertThat(c.toWall(JUNE_15 + 14_400_000)).isEqualTo(1_001_000);
        assertThat(c.toWall(JUNE_15 + 14_399)).isEqualTo(1_000_000);
        assertThat(c.toWall(JUNE_15 - 1)).isEqualTo(999_999);
        assertThatThrownBy(() -> new ReplayClock(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
