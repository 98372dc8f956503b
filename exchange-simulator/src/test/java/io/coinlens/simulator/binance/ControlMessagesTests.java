package io.coinlens.simulator.binance;

import io.coinlens.contracts.Interval;
import io.coinlens.simulator.MutableClock;
import io.coinlens.simulator.SimulatorSettings;
import io.coinlens.simulator.market.Kline;
import io.coinlens.simulator.market.MarketEvent;
import io.coinlens.simulator.market.MarketFeed;
import io.coinlens.simulator.market.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live control messages of Binance's market streams, answered on one connection. */
class ControlMessagesTests {

    private final BinanceWebSocketHandler handler = new BinanceWebSocketHandler(
            new MarketFeed(new MutableClock(Instant.parse("2026-01-01T00:00:00Z"))), new SimulatorSettings().build().binance());

    private BinanceWebSocketHandler.Connection connect(String uri) {
        return handler.new Connection(URI.create(uri));
    }

    @Test
    void subscribesListsAndUnsubscribes() {
        BinanceWebSocketHandler.Connection c = connect("ws://localhost/ws");
        assertThat(c.control("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"ethusdt@kline_1m\"],\"id\":1}"))
                .isEqualTo("{\"result\":null,\"id\":1}");
        assertThat(c.control("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}"))
                .isEqualTo("{\"result\":[\"btcusdt@trade\",\"ethusdt@kline_1m\"],\"id\":3}");
        assertThat(c.control("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":312}"))
                .isEqualTo("{\"result\":null,\"id\":312}");
        assertThat(c.control("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":\"abc\"}"))
                .isEqualTo("{\"result\":[\"ethusdt@kline_1m\"],\"id\":\"abc\"}");
    }

    @Test
    void startsWithTheStreamsInTheUrl() {
        assertThat(connect("ws://localhost/ws/btcusdt@aggTrade").control("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}"))
                .isEqualTo("{\"result\":[\"btcusdt@aggTrade\"],\"id\":1}");
        assertThat(connect("ws://localhost/stream?streams=btcusdt@trade/!miniTicker@arr")
                .control("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}"))
                .isEqualTo("{\"result\":[\"btcusdt@trade\",\"!miniTicker@arr\"],\"id\":1}");
    }

    @Test
    void takesOnlyTheEventsOfItsStreamsAndSharesATradesFrameWithOtherConnections() {
        BinanceWebSocketHandler.Connection c = connect("ws://localhost/stream?streams=btcusdt@trade/btcusdt@kline_1h");
        BinanceWebSocketHandler.Connection other = connect("ws://localhost/stream?streams=btcusdt@trade");
        Trade btc = new Trade("BTCUSDT", 1, new BigDecimal("100.00"), new BigDecimal("1"), 5, false);
        Trade eth = new Trade("ETHUSDT", 1, new BigDecimal("10.00"), new BigDecimal("1"), 5, false);
        MarketEvent.TradeSent sent = new MarketEvent.TradeSent(btc, 6);
        assertThat(c.wants(sent)).isTrue();
        assertThat(c.wants(new MarketEvent.TradeSent(eth, 6))).isFalse();
        assertThat(c.wants(kline(Interval.H1))).isTrue();
        assertThat(c.wants(kline(Interval.M1))).isFalse();
        assertThat(c.wants(new MarketEvent.TickersSent(List.of(), 6))).isFalse();
        assertThat(c.wants(new MarketEvent.Disconnect(6))).isTrue();

        List<byte[]> frames = c.render(sent);
        assertThat(frames).singleElement().satisfies(f -> assertThat(new String(f, StandardCharsets.UTF_8)).isEqualTo(
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":6,\"s\":\"BTCUSDT\",\"t\":1,"
                        + "\"p\":\"100.00000000\",\"q\":\"1.00000000\",\"T\":5,\"m\":false,\"M\":true}}"));
        // Made once: the second connection sends the very same bytes.
        assertThat(other.render(sent)).singleElement().isSameAs(frames.get(0));

        c.control("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"btcusdt@kline_1h\"],\"id\":1}");
        assertThat(c.wants(sent)).isFalse();
        c.control("{\"method\":\"SUBSCRIBE\",\"params\":[\"!miniTicker@arr\"],\"id\":2}");
        assertThat(c.wants(new MarketEvent.TickersSent(List.of(), 6))).isTrue();
    }

    private static MarketEvent.KlineSent kline(Interval interval) {
        BigDecimal one = BigDecimal.ONE;
        return new MarketEvent.KlineSent(new Kline("BTCUSDT", interval, 0, interval.millis() - 1, 1, 1, one, one, one,
                one, one, one, 1, false, one, one), 6);
    }

    @Test
    void combinedIsOnForStreamConnectionsAndCanBeSet() {
        BinanceWebSocketHandler.Connection raw = connect("ws://localhost/ws");
        assertThat(raw.control("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":2}"))
                .isEqualTo("{\"result\":false,\"id\":2}");
        assertThat(raw.control("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}"))
                .isEqualTo("{\"result\":null,\"id\":5}");
        assertThat(raw.control("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":6}"))
                .isEqualTo("{\"result\":true,\"id\":6}");
        assertThat(connect("ws://localhost/stream").control("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":7}"))
                .isEqualTo("{\"result\":true,\"id\":7}");
    }

    @Test
    void answersMistakesWithBinanceErrors() {
        BinanceWebSocketHandler.Connection c = connect("ws://localhost/ws");
        assertThat(c.control("{\"method\":")).startsWith("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: ")
                .endsWith("},\"id\":null}");
        assertThat(c.control("{\"method\":\"SUBSCRIBBE\",\"params\":[],\"id\":9}")).isEqualTo(
                "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown variant `SUBSCRIBBE`, expected one of "
                        + "`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`\"},\"id\":9}");
        assertThat(c.control("{\"params\":[],\"id\":10}"))
                .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: missing field `method`\"},\"id\":10}");
        assertThat(c.control("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth42\"],\"id\":11}"))
                .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream name `btcusdt@depth42`\"},"
                        + "\"id\":11}");
        assertThat(c.control("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":[1]}")).isEqualTo(
                "{\"error\":{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"},\"id\":null}");
        assertThat(c.control("{\"method\":\"SET_PROPERTY\",\"params\":[\"colour\",true],\"id\":12}"))
                .isEqualTo("{\"error\":{\"code\":0,\"msg\":\"Unknown property\"},\"id\":12}");
        assertThat(c.control("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",\"yes\"],\"id\":13}"))
                .isEqualTo("{\"error\":{\"code\":1,\"msg\":\"Invalid value type: expected Boolean\"},\"id\":13}");
        // Nothing was subscribed along the way.
        assertThat(c.control("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":14}")).isEqualTo("{\"result\":[],\"id\":14}");
    }
}
