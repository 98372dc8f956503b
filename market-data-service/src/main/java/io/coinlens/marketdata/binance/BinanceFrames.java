package io.coinlens.marketdata.binance;

import io.coinlens.contracts.TradeRecorded;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Binance's JSON (raw or combined-stream frames, REST trades) to Coinlens records. The only place that knows it. */
public final class BinanceFrames {

    public static final String EXCHANGE = "binance";

    /** What a stream frame carried. */
    public sealed interface Frame {
    }

    public record Trade(TradeRecorded trade) implements Frame {
    }

    /** The exchange is about to close this connection. */
    public record ServerShutdown(long at) implements Frame {
    }

    /** 24h statistics per symbol from {@code !miniTicker@arr}. */
    public record MiniTickers(List<MiniTicker> tickers) implements Frame {
    }

    public record MiniTicker(String symbol, BigDecimal close, BigDecimal open, BigDecimal high, BigDecimal low,
            BigDecimal volume, BigDecimal quoteVolume, long eventTime) {
    }

    /** A subscription answer or an event we do not ingest. */
    public record Ignored() implements Frame {
    }

    /** A frame that is not what Binance documents. */
    public static final class MalformedFrameException extends RuntimeException {
        public MalformedFrameException(String reason) {
            super(reason);
        }
    }

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Map<String, String> canonicalByNative;

    /** @param canonicalByNative e.g. {@code BTCUSDT → BTC-USDT}, for the symbols we ingest */
    public BinanceFrames(Map<String, String> canonicalByNative) {
        this.canonicalByNative = Map.copyOf(canonicalByNative);
    }

    public Frame parse(String text, long receivedAt) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedFrameException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new MalformedFrameException("not a JSON object");
        }
        JsonNode data = root.has("stream") && root.has("data") ? root.get("data") : root;
        if (data.isArray()) {
            return miniTickers(data);
        }
        String event = data.path("e").asString("");
        return switch (event) {
            case "trade" -> new Trade(trade(data, receivedAt));
            case "serverShutdown" -> new ServerShutdown(data.path("E").asLong());
            case "" -> data.has("result") || data.has("id") ? new Ignored() : malformed("no event type");
            default -> new Ignored();
        };
    }

    /** One element of {@code GET /api/v3/historicalTrades} or {@code /trades}. */
    public List<TradeRecorded> restTrades(String nativeSymbol, String json, long receivedAt) {
        JsonNode array;
        try {
            array = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedFrameException("REST trades are not JSON: " + e.getOriginalMessage());
        }
        if (!array.isArray()) {
            throw new MalformedFrameException("REST trades are not an array");
        }
        String symbol = canonical(nativeSymbol);
        List<TradeRecorded> trades = new ArrayList<>(array.size());
        for (JsonNode t : array) {
            trades.add(new TradeRecorded(EXCHANGE, symbol, requireLong(t, "id"), decimal(t, "price"),
                    decimal(t, "qty"), t.path("isBuyerMaker").asBoolean(), requireLong(t, "time"), receivedAt));
        }
        return trades;
    }

    public String canonical(String nativeSymbol) {
        String canonical = canonicalByNative.get(nativeSymbol);
        if (canonical == null) {
            throw new MalformedFrameException("unknown symbol '" + nativeSymbol + "'");
        }
        return canonical;
    }

    private TradeRecorded trade(JsonNode data, long receivedAt) {
        return new TradeRecorded(EXCHANGE, canonical(data.path("s").asString("")), requireLong(data, "t"),
                decimal(data, "p"), decimal(data, "q"), data.path("m").asBoolean(), requireLong(data, "T"), receivedAt);
    }

    private Frame miniTickers(JsonNode array) {
        List<MiniTicker> tickers = new ArrayList<>(array.size());
        for (JsonNode t : array) {
            String canonical = canonicalByNative.get(t.path("s").asString(""));
            if (canonical != null) {
                tickers.add(new MiniTicker(canonical, decimal(t, "c"), decimal(t, "o"), decimal(t, "h"),
                        decimal(t, "l"), decimal(t, "v"), decimal(t, "q"), requireLong(t, "E")));
            }
        }
        return new MiniTickers(tickers);
    }

    private static long requireLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new MalformedFrameException("field '" + field + "' is missing or not a number");
        }
        return value.asLong();
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedFrameException("field '" + field + "' is missing or not a decimal string");
        }
        try {
            return new BigDecimal(value.asString());
        } catch (NumberFormatException e) {
            throw new MalformedFrameException("field '" + field + "' is not a decimal: " + value.asString());
        }
    }

    private static Frame malformed(String reason) {
        throw new MalformedFrameException(reason);
    }
}
