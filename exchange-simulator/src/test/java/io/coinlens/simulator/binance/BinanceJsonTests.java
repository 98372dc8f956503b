package io.coinlens.simulator.binance;

import io.coinlens.contracts.Interval;
import io.coinlens.simulator.market.Kline;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Ticker;
import io.coinlens.simulator.market.Trade;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The exact JSON Binance sends, field names, order and string formats included. */
class BinanceJsonTests {

    private static final Trade TRADE = new Trade("BTCUSDT", 12345, new BigDecimal("64000.1"),
            new BigDecimal("0.00150000"), 1718409600123L, true);

    @Test
    void writesATradeEvent() {
        assertThat(BinanceJson.write(BinanceJson.trade(TRADE, 1718409600200L))).isEqualTo(
                "{\"e\":\"trade\",\"E\":1718409600200,\"s\":\"BTCUSDT\",\"t\":12345,\"p\":\"64000.10000000\","
                        + "\"q\":\"0.00150000\",\"T\":1718409600123,\"m\":true,\"M\":true}");
    }

    @Test
    void writesTheTradeEventWithoutATreeExactlyAsWithOne() {
        for (Trade t : List.of(TRADE, new Trade("SYN0001USDT", 1, new BigDecimal("100.12"), new BigDecimal("1.23456789"),
                5, false), new Trade("ETHUSDT", Long.MAX_VALUE, new BigDecimal("0.000000001"),
                new BigDecimal("123456789012345678901234567890"), 0, true))) {
            assertThat(BinanceJson.tradeEvent(t, 1718409600200L))
                    .isEqualTo(BinanceJson.write(BinanceJson.trade(t, 1718409600200L)));
        }
        assertThat(BinanceJson.combined("btcusdt@trade", BinanceJson.tradeEvent(TRADE, 7)))
                .isEqualTo("{\"stream\":\"btcusdt@trade\",\"data\":" + BinanceJson.write(BinanceJson.trade(TRADE, 7)) + "}");
    }

    @Test
    void writesAnAggregateTradeEventAndRow() {
        assertThat(BinanceJson.write(BinanceJson.aggTrade(TRADE, 1718409600200L))).isEqualTo(
                "{\"e\":\"aggTrade\",\"E\":1718409600200,\"s\":\"BTCUSDT\",\"a\":12345,\"p\":\"64000.10000000\","
                        + "\"q\":\"0.00150000\",\"f\":12345,\"l\":12345,\"T\":1718409600123,\"m\":true,\"M\":true}");
        assertThat(BinanceJson.write(BinanceJson.aggTradeRow(TRADE))).isEqualTo(
                "{\"a\":12345,\"p\":\"64000.10000000\",\"q\":\"0.00150000\",\"f\":12345,\"l\":12345,"
                        + "\"T\":1718409600123,\"m\":true,\"M\":true}");
    }

    @Test
    void writesARecentTradeRow() {
        assertThat(BinanceJson.write(BinanceJson.tradeRow(TRADE))).isEqualTo(
                "{\"id\":12345,\"price\":\"64000.10000000\",\"qty\":\"0.00150000\",\"quoteQty\":\"96.00015000\","
                        + "\"time\":1718409600123,\"isBuyerMaker\":true,\"isBestMatch\":true}");
    }

    @Test
    void writesAKlineEventAndRow() {
        Kline k = new Kline("BTCUSDT", Interval.M1, 1718409600000L, 1718409659999L, 100, 200, new BigDecimal("1.5"),
                new BigDecimal("2.5"), new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("1000"),
                new BigDecimal("1500.123456789"), 101, false, new BigDecimal("500"), new BigDecimal("750"));
        assertThat(BinanceJson.write(BinanceJson.kline(k, 1718409601000L))).isEqualTo(
                "{\"e\":\"kline\",\"E\":1718409601000,\"s\":\"BTCUSDT\",\"k\":{\"t\":1718409600000,\"T\":1718409659999,"
                        + "\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":100,\"L\":200,\"o\":\"1.50000000\",\"c\":\"2.00000000\","
                        + "\"h\":\"2.50000000\",\"l\":\"1.00000000\",\"v\":\"1000.00000000\",\"n\":101,\"x\":false,"
                        + "\"q\":\"1500.12345679\",\"V\":\"500.00000000\",\"Q\":\"750.00000000\",\"B\":\"0\"}}");
        assertThat(BinanceJson.write(BinanceJson.klineRow(k))).isEqualTo(
                "[1718409600000,\"1.50000000\",\"2.50000000\",\"1.00000000\",\"2.00000000\",\"1000.00000000\","
                        + "1718409659999,\"1500.12345679\",101,\"500.00000000\",\"750.00000000\",\"0\"]");
    }

    @Test
    void writesMiniTickersAsAnArray() {
        Ticker t = new Ticker("ETHUSDT", 0, 86_400_000, new BigDecimal("10"), new BigDecimal("12"), new BigDecimal("9"),
                new BigDecimal("11"), new BigDecimal("1"), new BigDecimal("100"), new BigDecimal("1050"), 1, 7, 7);
        assertThat(BinanceJson.write(BinanceJson.miniTickers(List.of(t), 5))).isEqualTo(
                "[{\"e\":\"24hrMiniTicker\",\"E\":5,\"s\":\"ETHUSDT\",\"c\":\"11.00000000\",\"o\":\"10.00000000\","
                        + "\"h\":\"12.00000000\",\"l\":\"9.00000000\",\"v\":\"100.00000000\",\"q\":\"1050.00000000\"}]");
        String full = BinanceJson.write(BinanceJson.ticker24h(t,
                new SymbolInfo("ETHUSDT", "ETH", "USDT", "test", 2, 8), true));
        assertThat(full).startsWith("{\"symbol\":\"ETHUSDT\",\"priceChange\":\"1.00000000\",\"priceChangePercent\":\"10.000\","
                + "\"weightedAvgPrice\":\"10.50000000\",\"prevClosePrice\":\"10.00000000\",\"lastPrice\":\"11.00000000\"")
                .endsWith("\"openTime\":0,\"closeTime\":86400000,\"firstId\":1,\"lastId\":7,\"count\":7}");
    }

    @Test
    void listsPriceAndLotFilters() {
        String symbol = BinanceJson.write(BinanceJson.symbol(new SymbolInfo("BTCUSDT", "BTC", "USDT", "test", 2, 8)));
        assertThat(symbol).startsWith("{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\",\"baseAsset\":\"BTC\"")
                .contains("\"quoteAsset\":\"USDT\"")
                .contains("{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.01000000\",\"maxPrice\":\"1000000.00000000\","
                        + "\"tickSize\":\"0.01000000\"}")
                .contains("{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00000001\",\"maxQty\":\"9000.00000000\","
                        + "\"stepSize\":\"0.00000001\"}");
    }

    @Test
    void neverRoundsABaseAmountWithMoreThanEightDecimals() {
        assertThat(BinanceJson.decimal(new BigDecimal("0.123456789"))).isEqualTo("0.123456789");
        assertThat(BinanceJson.decimal(new BigDecimal("1E+3"))).isEqualTo("1000.00000000");
    }
}
