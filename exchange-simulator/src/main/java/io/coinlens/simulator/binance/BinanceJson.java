package io.coinlens.simulator.binance;

import io.coinlens.simulator.market.Kline;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Ticker;
import io.coinlens.simulator.market.Trade;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Binance's wire shapes, field for field and in Binance's order. Prices and quantities are strings with at least
 * eight decimals, as Binance writes them; base amounts are never rounded, quote amounts are rounded to eight.
 */
final class BinanceJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final int DECIMALS = 8;

    private BinanceJson() {
    }

    static String decimal(BigDecimal value) {
        return (value.scale() < DECIMALS ? value.setScale(DECIMALS) : value).toPlainString();
    }

    static String quote(BigDecimal value) {
        return value.setScale(DECIMALS, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String write(Object node) {
        return MAPPER.writeValueAsString(node);
    }

    // --- WebSocket events ---

    static ObjectNode trade(Trade t, long eventTime) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("e", "trade");
        n.put("E", eventTime);
        n.put("s", t.symbol());
        n.put("t", t.id());
        n.put("p", decimal(t.price()));
        n.put("q", decimal(t.quantity()));
        n.put("T", t.time());
        n.put("m", t.buyerMaker());
        n.put("M", true);
        return n;
    }

    /**
     * The same bytes as {@code write(trade(t, eventTime))}, without a JSON tree: it is written for every trade. Symbols
     * are upper-case letters and digits, so nothing needs escaping.
     */
    static String tradeEvent(Trade t, long eventTime) {
        return new StringBuilder(160).append("{\"e\":\"trade\",\"E\":").append(eventTime)
                .append(",\"s\":\"").append(t.symbol())
                .append("\",\"t\":").append(t.id())
                .append(",\"p\":\"").append(decimal(t.price()))
                .append("\",\"q\":\"").append(decimal(t.quantity()))
                .append("\",\"T\":").append(t.time())
                .append(",\"m\":").append(t.buyerMaker())
                .append(",\"M\":true}").toString();
    }

    /** Binance's combined-stream envelope around one event. */
    static String combined(String stream, String data) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + data + "}";
    }

    /** Each trade is its own aggregate, so {@code a}, {@code f} and {@code l} are the trade id. */
    static ObjectNode aggTrade(Trade t, long eventTime) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("e", "aggTrade");
        n.put("E", eventTime);
        n.put("s", t.symbol());
        aggTradeFields(n, t);
        return n;
    }

    static ObjectNode kline(Kline k, long eventTime) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("e", "kline");
        n.put("E", eventTime);
        n.put("s", k.symbol());
        ObjectNode body = n.putObject("k");
        body.put("t", k.openTime());
        body.put("T", k.closeTime());
        body.put("s", k.symbol());
        body.put("i", k.interval().code());
        body.put("f", k.firstTradeId());
        body.put("L", k.lastTradeId());
        body.put("o", decimal(k.open()));
        body.put("c", decimal(k.close()));
        body.put("h", decimal(k.high()));
        body.put("l", decimal(k.low()));
        body.put("v", decimal(k.volume()));
        body.put("n", k.trades());
        body.put("x", k.closed());
        body.put("q", quote(k.quoteVolume()));
        body.put("V", decimal(k.takerBuyVolume()));
        body.put("Q", quote(k.takerBuyQuote()));
        body.put("B", "0");
        return n;
    }

    static ObjectNode miniTicker(Ticker t, long eventTime) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("e", "24hrMiniTicker");
        n.put("E", eventTime);
        n.put("s", t.symbol());
        n.put("c", decimal(t.last()));
        n.put("o", decimal(t.open()));
        n.put("h", decimal(t.high()));
        n.put("l", decimal(t.low()));
        n.put("v", decimal(t.volume()));
        n.put("q", quote(t.quoteVolume()));
        return n;
    }

    static ArrayNode miniTickers(List<Ticker> tickers, long eventTime) {
        ArrayNode array = MAPPER.createArrayNode();
        tickers.forEach(t -> array.add(miniTicker(t, eventTime)));
        return array;
    }

    static ObjectNode serverShutdown(long eventTime) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("e", "serverShutdown");
        n.put("E", eventTime);
        return n;
    }

    // --- REST ---

    static ObjectNode aggTradeRow(Trade t) {
        return aggTradeFields(MAPPER.createObjectNode(), t);
    }

    static ObjectNode tradeRow(Trade t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", t.id());
        n.put("price", decimal(t.price()));
        n.put("qty", decimal(t.quantity()));
        n.put("quoteQty", quote(t.quoteQuantity()));
        n.put("time", t.time());
        n.put("isBuyerMaker", t.buyerMaker());
        n.put("isBestMatch", true);
        return n;
    }

    static ArrayNode klineRow(Kline k) {
        ArrayNode row = MAPPER.createArrayNode();
        row.add(k.openTime());
        row.add(decimal(k.open()));
        row.add(decimal(k.high()));
        row.add(decimal(k.low()));
        row.add(decimal(k.close()));
        row.add(decimal(k.volume()));
        row.add(k.closeTime());
        row.add(quote(k.quoteVolume()));
        row.add(k.trades());
        row.add(decimal(k.takerBuyVolume()));
        row.add(quote(k.takerBuyQuote()));
        row.add("0");
        return row;
    }

    static ObjectNode ticker24h(Ticker t, SymbolInfo info, boolean full) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("symbol", t.symbol());
        if (full) {
            n.put("priceChange", decimal(t.priceChange()));
            n.put("priceChangePercent", t.open().signum() == 0 ? "0.000"
                    : t.priceChange().multiply(BigDecimal.valueOf(100)).divide(t.open(), 3, RoundingMode.HALF_EVEN)
                            .toPlainString());
            n.put("weightedAvgPrice", t.volume().signum() == 0 ? decimal(t.last())
                    : t.quoteVolume().divide(t.volume(), DECIMALS, RoundingMode.HALF_EVEN).toPlainString());
            n.put("prevClosePrice", decimal(t.open()));
            n.put("lastPrice", decimal(t.last()));
            n.put("lastQty", decimal(t.lastQuantity()));
            n.put("bidPrice", decimal(t.last().subtract(info.tickSize()).max(info.tickSize())));
            n.put("bidQty", decimal(BigDecimal.ONE));
            n.put("askPrice", decimal(t.last()));
            n.put("askQty", decimal(BigDecimal.ONE));
        }
        n.put("openPrice", decimal(t.open()));
        n.put("highPrice", decimal(t.high()));
        n.put("lowPrice", decimal(t.low()));
        if (!full) {
            n.put("lastPrice", decimal(t.last()));
        }
        n.put("volume", decimal(t.volume()));
        n.put("quoteVolume", quote(t.quoteVolume()));
        n.put("openTime", t.openTime());
        n.put("closeTime", t.closeTime());
        n.put("firstId", t.firstId());
        n.put("lastId", t.lastId());
        n.put("count", t.count());
        return n;
    }

    static ObjectNode symbol(SymbolInfo info) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("symbol", info.symbol());
        n.put("status", "TRADING");
        n.put("baseAsset", info.baseAsset());
        n.put("baseAssetPrecision", DECIMALS);
        n.put("quoteAsset", info.quoteAsset());
        n.put("quotePrecision", DECIMALS);
        n.put("quoteAssetPrecision", DECIMALS);
        n.put("baseCommissionPrecision", DECIMALS);
        n.put("quoteCommissionPrecision", DECIMALS);
        ArrayNode orderTypes = n.putArray("orderTypes");
        List.of("LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT").forEach(orderTypes::add);
        n.put("icebergAllowed", true);
        n.put("ocoAllowed", true);
        n.put("otoAllowed", true);
        n.put("quoteOrderQtyMarketAllowed", true);
        n.put("allowTrailingStop", true);
        n.put("cancelReplaceAllowed", true);
        n.put("isSpotTradingAllowed", true);
        n.put("isMarginTradingAllowed", false);
        ArrayNode filters = n.putArray("filters");
        ObjectNode price = filters.addObject();
        price.put("filterType", "PRICE_FILTER");
        price.put("minPrice", decimal(info.tickSize()));
        price.put("maxPrice", decimal(new BigDecimal("1000000")));
        price.put("tickSize", decimal(info.tickSize()));
        ObjectNode lot = filters.addObject();
        lot.put("filterType", "LOT_SIZE");
        lot.put("minQty", decimal(info.stepSize()));
        lot.put("maxQty", decimal(new BigDecimal("9000")));
        lot.put("stepSize", decimal(info.stepSize()));
        n.putArray("permissions");
        n.putArray("permissionSets").addArray().add("SPOT");
        n.put("defaultSelfTradePreventionMode", "EXPIRE_MAKER");
        ArrayNode stp = n.putArray("allowedSelfTradePreventionModes");
        List.of("EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH").forEach(stp::add);
        return n;
    }

    static ObjectNode error(int code, String msg) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("code", code);
        n.put("msg", msg);
        return n;
    }

    private static ObjectNode aggTradeFields(ObjectNode n, Trade t) {
        n.put("a", t.id());
        n.put("p", decimal(t.price()));
        n.put("q", decimal(t.quantity()));
        n.put("f", t.id());
        n.put("l", t.id());
        n.put("T", t.time());
        n.put("m", t.buyerMaker());
        n.put("M", true);
        return n;
    }
}
