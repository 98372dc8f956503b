package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class MarketTests {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private MarketFeed feed;
    private Market market;
    private final List<MarketEvent> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        feed = new MarketFeed(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
        market = new Market(feed, 1, 5, 100, Duration.ofSeconds(1), Duration.ofSeconds(1));
        market.list(new SymbolInfo("BTCUSDT", "BTC", "USDT", "test", 2, 8));
        feed.events().subscribe(sent::add);
    }

    private Trade trade(String price, String quantity, long time, boolean buyerMaker) {
        return market.trade("BTCUSDT", new BigDecimal(price), new BigDecimal(quantity), time, buyerMaker, true);
    }

    @Test
    void givesGaplessIdsAndKeepsOnlyTheNewestTrades() {
        for (int i = 0; i < 8; i++) {
            assertThat(trade("100.00", "1", T0 + i, false).id()).isEqualTo(i + 1);
        }
        List<Trade> kept = market.trades("BTCUSDT", null, null, null, 500);
        assertThat(kept).extracting(Trade::id).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(market.trades("BTCUSDT", 1L, null, null, 2)).extracting(Trade::id).containsExactly(4L, 5L);
        assertThat(market.trades("BTCUSDT", 6L, null, null, 10)).extracting(Trade::id).containsExactly(6L, 7L, 8L);
        assertThat(market.trades("BTCUSDT", 9L, null, null, 10)).isEmpty();
        assertThat(market.trades("BTCUSDT", null, T0 + 5, T0 + 6, 10)).extracting(Trade::id).containsExactly(6L, 7L);
        assertThat(market.trades("BTCUSDT", null, null, T0 + 5, 2)).extracting(Trade::id).containsExactly(5L, 6L);
        assertThat(market.latestTrades("BTCUSDT", 2)).extracting(Trade::id).containsExactly(7L, 8L);
    }

    @Test
    void buildsKlinesFromTheTradesAndClosesThemWhenTheNextOneOpens() {
        trade("100.00", "1.5", T0 + 1_000, false);
        trade("103.00", "0.5", T0 + 2_000, true);
        trade("99.00", "1", T0 + 30_000, false);
        trade("101.00", "2", T0 + 59_999, true);
        Kline open = market.klines("BTCUSDT", Interval.M1, null, null, 10).get(0);
        assertThat(open.closed()).isFalse();
        assertThat(open.open()).isEqualByComparingTo("100");
        assertThat(open.high()).isEqualByComparingTo("103");
        assertThat(open.low()).isEqualByComparingTo("99");
        assertThat(open.close()).isEqualByComparingTo("101");
        assertThat(open.volume()).isEqualByComparingTo("5");
        assertThat(open.quoteVolume()).isEqualByComparingTo("502.5");
        assertThat(open.takerBuyVolume()).isEqualByComparingTo("2.5");
        assertThat(open.trades()).isEqualTo(4);
        assertThat(open.firstTradeId()).isEqualTo(1);
        assertThat(open.lastTradeId()).isEqualTo(4);
        assertThat(open.closeTime()).isEqualTo(T0 + 59_999);

        trade("102.00", "1", T0 + 60_000, false);
        List<Kline> minutes = market.klines("BTCUSDT", Interval.M1, null, null, 10);
        assertThat(minutes).hasSize(2);
        assertThat(minutes.get(0).closed()).isTrue();
        assertThat(minutes.get(1).open()).isEqualByComparingTo("102");
        assertThat(sent).filteredOn(e -> e instanceof MarketEvent.KlineSent k && k.kline().closed()
                && k.kline().interval() == Interval.M1).hasSize(1);
        assertThat(market.klines("BTCUSDT", Interval.H1, null, null, 10)).singleElement()
                .satisfies(h -> assertThat(h.trades()).isEqualTo(5));
    }

    @Test
    void answersKlineQueriesLikeBinance() {
        for (int minute = 0; minute < 10; minute++) {
            trade("100.00", "1", T0 + minute * 60_000L, false);
        }
        assertThat(market.klines("BTCUSDT", Interval.M1, null, null, 3)).extracting(Kline::openTime)
                .containsExactly(T0 + 420_000, T0 + 480_000, T0 + 540_000);
        assertThat(market.klines("BTCUSDT", Interval.M1, T0 + 60_000, null, 2)).extracting(Kline::openTime)
                .containsExactly(T0 + 60_000, T0 + 120_000);
        assertThat(market.klines("BTCUSDT", Interval.M1, T0 + 60_000, T0 + 120_000, 500)).hasSize(2);
        assertThat(market.klines("BTCUSDT", Interval.M1, null, T0 + 60_000, 1)).extracting(Kline::openTime)
                .containsExactly(T0 + 60_000);
    }

    @Test
    void closesTheNewestKlineWhenItsTimeIsUpAndPushesUpdatesAndTickers() {
        trade("100.00", "1", T0, false);
        sent.clear();
        market.flush(T0 + 10, true);
        assertThat(sent).filteredOn(e -> e instanceof MarketEvent.KlineSent).hasSize(Interval.values().length)
                .allSatisfy(e -> assertThat(((MarketEvent.KlineSent) e).kline().closed()).isFalse());
        assertThat(sent).filteredOn(e -> e instanceof MarketEvent.TickersSent).singleElement()
                .satisfies(e -> assertThat(((MarketEvent.TickersSent) e).tickers()).extracting(Ticker::symbol)
                        .containsExactly("BTCUSDT"));
        sent.clear();
        market.flush(T0 + 60_000, true);
        assertThat(sent).filteredOn(e -> e instanceof MarketEvent.KlineSent).singleElement()
                .satisfies(e -> {
                    Kline k = ((MarketEvent.KlineSent) e).kline();
                    assertThat(k.interval()).isEqualTo(Interval.M1);
                    assertThat(k.closed()).isTrue();
                });
        assertThat(sent).noneMatch(e -> e instanceof MarketEvent.TickersSent);
    }

    @Test
    void aLateTradeRevisesTheKlineItBelongsTo() {
        trade("100.00", "1", T0, false);
        trade("100.00", "1", T0 + 120_000, false);
        Trade late = trade("90.00", "3", T0 + 10_000, true);
        assertThat(late.id()).isEqualTo(3);
        Kline first = market.klines("BTCUSDT", Interval.M1, T0, T0, 1).get(0);
        assertThat(first.low()).isEqualByComparingTo("90");
        assertThat(first.volume()).isEqualByComparingTo("4");
        assertThat(first.close()).isEqualByComparingTo("90");
    }

    @Test
    void tickerCoversTheLastDay() {
        trade("100.00", "1", T0 - 2 * 86_400_000L, false);
        trade("110.00", "2", T0 - 3_600_000L, false);
        trade("90.00", "1", T0 - 60_000L, true);
        Ticker ticker = market.ticker("BTCUSDT", T0).orElseThrow();
        assertThat(ticker.open()).isEqualByComparingTo("110");
        assertThat(ticker.high()).isEqualByComparingTo("110");
        assertThat(ticker.low()).isEqualByComparingTo("90");
        assertThat(ticker.last()).isEqualByComparingTo("90");
        assertThat(ticker.volume()).isEqualByComparingTo("3");
        assertThat(ticker.count()).isEqualTo(2);
        assertThat(ticker.firstId()).isEqualTo(2);
        assertThat(ticker.lastId()).isEqualTo(3);
    }

    @Test
    void wireFaultsChangeWhatIsSentButNotTheHistory() {
        feed.duplicateNext(MarketFeed.ANY, 1);
        feed.reorderNext(MarketFeed.ANY, 1);
        trade("100.00", "1", T0, false);
        trade("100.00", "1", T0, false);
        trade("100.00", "1", T0, false);
        List<Long> wire = sent.stream().filter(e -> e instanceof MarketEvent.TradeSent)
                .map(e -> ((MarketEvent.TradeSent) e).trade().id()).toList();
        assertThat(wire).containsExactly(2L, 1L, 3L, 3L);
        assertThat(market.trades("BTCUSDT", 1L, null, null, 10)).extracting(Trade::id).containsExactly(1L, 2L, 3L);
    }
}
