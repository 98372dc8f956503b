package io.coinlens.simulator.binance;

import io.coinlens.contracts.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StreamNameTests {

    @Test
    void readsTheStreamsBinanceOffers() {
        assertThat(StreamName.parse("btcusdt@trade")).hasValueSatisfying(s -> {
            assertThat(s.kind()).isEqualTo(StreamName.Kind.TRADE);
            assertThat(s.symbol()).isEqualTo("BTCUSDT");
        });
        assertThat(StreamName.parse("ethusdt@aggTrade").orElseThrow().kind()).isEqualTo(StreamName.Kind.AGG_TRADE);
        assertThat(StreamName.parse("btcusdt@kline_15m").orElseThrow().interval()).isEqualTo(Interval.M15);
        assertThat(StreamName.parse("btcusdt@kline_1d").orElseThrow().interval()).isEqualTo(Interval.D1);
        assertThat(StreamName.parse("btcusdt@miniTicker").orElseThrow().kind()).isEqualTo(StreamName.Kind.MINI_TICKER);
        assertThat(StreamName.parse("!miniTicker@arr").orElseThrow().kind())
                .isEqualTo(StreamName.Kind.ALL_MINI_TICKERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTCUSDT@trade", "btcusdt@Trade", "btcusdt@kline_2m", "btcusdt@kline_", "btcusdt",
            "@trade", "btcusdt@depth", "!ticker@arr", ""})
    void refusesAnythingElse(String name) {
        assertThat(StreamName.parse(name)).isEmpty();
    }
}
