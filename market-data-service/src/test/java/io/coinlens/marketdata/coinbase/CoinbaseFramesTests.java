package io.coinlens.marketdata.coinbase;

import io.coinlens.contracts.TradeRecorded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoinbaseFramesTests {

    final CoinbaseFrames frames = new CoinbaseFrames(Set.of("BTC-USD", "ETH-USD"));

    @Test
    void aSnapshotBecomesCanonicalTradesOldestFirst() {
        String snapshot = """
                {"channel":"market_trades","client_id":"","timestamp":"2024-06-15T00:00:01Z","sequence_num":0,
                 "events":[{"type":"snapshot","trades":[
                   {"trade_id":"1002","product_id":"BTC-USD","price":"66000.10","size":"0.5","side":"SELL","time":"2024-06-15T00:00:00.900Z"},
                   {"trade_id":"1001","product_id":"BTC-USD","price":"66000.00","size":"0.25","side":"BUY","time":"2024-06-15T00:00:00.500123Z"}]}]}
                """;
        CoinbaseFrames.Frame frame = frames.parse(snapshot, 42L);
        assertThat(frame).isInstanceOf(CoinbaseFrames.Trades.class);
        CoinbaseFrames.Trades trades = (CoinbaseFrames.Trades) frame;
        assertThat(trades.sequence()).isZero();
        assertThat(trades.trades()).containsExactly(
                new TradeRecorded("coinbase", "BTC-USD", 1001, new BigDecimal("66000.00"), new BigDecimal("0.25"),
                        false, Instant.parse("2024-06-15T00:00:00.500Z").toEpochMilli(), 42L),
                new TradeRecorded("coinbase", "BTC-USD", 1002, new BigDecimal("66000.10"), new BigDecimal("0.5"),
                        true, Instant.parse("2024-06-15T00:00:00.900Z").toEpochMilli(), 42L));
        assertThat(trades.trades().get(0).key()).isEqualTo("coinbase:BTC-USD");
    }

    @Test
    void heartbeatsAndSubscriptionsCarryTheirSequenceNumber() {
        assertThat(frames.parse("""
                {"channel":"heartbeats","client_id":"","timestamp":"2024-06-15T00:00:01Z","sequence_num":7,
                 "events":[{"current_time":"2024-06-15 00:00:01.000000000 +0000 UTC m=+1.0","heartbeat_counter":3}]}
                """, 0)).isEqualTo(new CoinbaseFrames.Other("heartbeats", 7));
        assertThat(frames.parse("""
                {"channel":"subscriptions","sequence_num":1,"events":[{"subscriptions":{"market_trades":["BTC-USD"]}}]}
                """, 0)).isEqualTo(new CoinbaseFrames.Other("subscriptions", 1));
    }

    @Test
    void anErrorAnswerIsAFailureNotAMalformedFrame() {
        assertThat(frames.parse("{\"type\":\"error\",\"message\":\"Failure to subscribe\"}", 0))
                .isEqualTo(new CoinbaseFrames.Failure("Failure to subscribe"));
    }

    @Test
    void aNumericTradeIdIsAcceptedToo() {
        CoinbaseFrames.Trades trades = (CoinbaseFrames.Trades) frames.parse("""
                {"channel":"market_trades","sequence_num":3,"events":[{"type":"update","trades":[
                 {"trade_id":5,"product_id":"ETH-USD","price":"3500","size":"1","side":"BUY","time":"2024-06-15T00:00:00Z"}]}]}
                """, 0);
        assertThat(trades.trades()).extracting(TradeRecorded::tradeId).containsExactly(5L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"channel\":\"market_trades\",\"events\":[",
            "[1,2]",
            "{\"events\":[]}",
            "{\"channel\":\"market_trades\",\"events\":[]}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1,\"events\":[{\"type\":\"update\"}]}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1,\"events\":[{\"trades\":[{\"trade_id\":\"x\",\"product_id\":\"BTC-USD\",\"price\":\"1\",\"size\":\"1\",\"side\":\"BUY\",\"time\":\"2024-06-15T00:00:00Z\"}]}]}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1,\"events\":[{\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"DOGE-USD\",\"price\":\"1\",\"size\":\"1\",\"side\":\"BUY\",\"time\":\"2024-06-15T00:00:00Z\"}]}]}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1,\"events\":[{\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"BTC-USD\",\"price\":1.5,\"size\":\"1\",\"side\":\"BUY\",\"time\":\"2024-06-15T00:00:00Z\"}]}]}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1,\"events\":[{\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"BTC-USD\",\"price\":\"abc\",\"size\":\"1\",\"side\":\"BUY\",\"time\":\"2024-06-15T00:00:00Z\"}]}]}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1,\"events\":[{\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"BTC-USD\",\"price\":\"1\",\"size\":\"1\",\"side\":\"HOLD\",\"time\":\"2024-06-15T00:00:00Z\"}]}]}",
            "{\"channel\":\"market_trades\",\"sequence_num\":1,\"events\":[{\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"BTC-USD\",\"price\":\"1\",\"size\":\"1\",\"side\":\"BUY\",\"time\":\"yesterday\"}]}]}"})
    void framesThatAreNotWhatCoinbaseDocumentsAreMalformed(String frame) {
        assertThatThrownBy(() -> frames.parse(frame, 0)).isInstanceOf(CoinbaseFrames.MalformedFrameException.class);
    }
}
