package io.coinlens.marketdata.coinbase;

import io.coinlens.contracts.Symbols;
import io.coinlens.contracts.TradeRecorded;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Coinbase Advanced Trade's WebSocket JSON to Coinlens records. The only place that knows it. Product ids
 * ({@code BTC-USD}) are canonical symbols already.
 */
public final class CoinbaseFrames {

    public static final String EXCHANGE = "coinbase";

    /** What a message carried. */
    public sealed interface Frame {
    }

    /**
     * Trades of a {@code market_trades} message, oldest first (Coinbase lists them newest first).
     *
     * @param sequence the connection's message number
     */
    public record Trades(long sequence, List<TradeRecorded> trades) implements Frame {
    }

    /** A heartbeat, a subscriptions answer, a channel we do not ingest. */
    public record Other(String channel, long sequence) implements Frame {
    }

    /** Coinbase refused something, e.g. a subscription. */
    public record Failure(String message) implements Frame {
    }

    /** A frame that is not what Coinbase documents. */
    public static final class MalformedFrameException extends RuntimeException {
        public MalformedFrameException(String reason) {
            super(reason);
        }
    }

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Set<String> products;

    public CoinbaseFrames(Set<String> products) {
        this.products = Set.copyOf(products);
    }

    public Frame parse(String text, long receivedAt) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new MalformedFrameException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedFrameException("not a JSON object");
        }
        if (root.path("type").asString("").equals("error")) {
            return new Failure(root.path("message").asString(""));
        }
        JsonNode channel = root.get("channel");
        if (channel == null || !channel.isString()) {
            throw new MalformedFrameException("no channel");
        }
        long sequence = requireLong(root, "sequence_num");
        if (!channel.asString().equals("market_trades")) {
            return new Other(channel.asString(), sequence);
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw new MalformedFrameException("market_trades without an events array");
        }
        List<TradeRecorded> trades = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode list = event.get("trades");
            if (list == null || !list.isArray()) {
                throw new MalformedFrameException("market_trades event without a trades array");
            }
            for (JsonNode t : list) {
                trades.add(trade(t, receivedAt));
            }
        }
        trades.sort(Comparator.comparingLong(TradeRecorded::tradeId));
        return new Trades(sequence, trades);
    }

    private TradeRecorded trade(JsonNode t, long receivedAt) {
        String product = t.path("product_id").asString("");
        if (!products.contains(product) || !Symbols.isSymbol(product)) {
            throw new MalformedFrameException("unknown product_id '" + product + "'");
        }
        String side = t.path("side").asString("");
        if (!side.equals("BUY") && !side.equals("SELL")) {
            throw new MalformedFrameException("side is '" + side + "', not BUY or SELL");
        }
        long time;
        try {
            time = Instant.parse(t.path("time").asString("")).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new MalformedFrameException("time '" + t.path("time").asString("") + "' is not an ISO-8601 instant");
        }
        // side is the taker's: a SELL taker hit the bid, so the buyer was the maker.
        return new TradeRecorded(EXCHANGE, product, tradeId(t), decimal(t, "price"), decimal(t, "size"),
                side.equals("SELL"), time, receivedAt);
    }

    /** A string in Coinbase's documents, a number in some of its examples: accept both, if integral. */
    private static long tradeId(JsonNode t) {
        JsonNode value = t.get("trade_id");
        try {
            if (value != null && value.isString()) {
                return Long.parseLong(value.asString());
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        if (value != null && value.canConvertToLong() && value.isIntegralNumber()) {
            return value.asLong();
        }
        throw new MalformedFrameException("trade_id is missing or not an integer");
    }

    private static long requireLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new MalformedFrameException("field '" + field + "' is missing or not an integer");
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
}
