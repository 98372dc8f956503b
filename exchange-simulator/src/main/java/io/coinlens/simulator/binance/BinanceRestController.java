package io.coinlens.simulator.binance;

import io.coinlens.contracts.Interval;
import io.coinlens.simulator.config.SimulatorProperties;
import io.coinlens.simulator.market.Market;
import io.coinlens.simulator.market.SymbolInfo;
import io.coinlens.simulator.market.Ticker;
import io.coinlens.simulator.market.Trade;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binance's public market data endpoints under {@code /api/v3}, answered from the same history the WebSocket was fed
 * from. Request weights and the 429 are {@link RequestWeightFilter}'s.
 */
@RestController
@RequestMapping(path = "/api/v3", produces = MediaType.APPLICATION_JSON_VALUE)
class BinanceRestController {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 1000;
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,20}");
    private static final String NUMBER_RANGE = "^[0-9]{1,20}$";
    private static final String SYMBOLS_RANGE = "^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$";

    private final Market market;
    private final SimulatorProperties.Binance settings;

    BinanceRestController(Market market, SimulatorProperties properties) {
        this.market = market;
        this.settings = properties.binance();
    }

    @GetMapping("/ping")
    ObjectNode ping() {
        return BinanceJson.MAPPER.createObjectNode();
    }

    @GetMapping("/time")
    ObjectNode time() {
        ObjectNode n = BinanceJson.MAPPER.createObjectNode();
        n.put("serverTime", market.feed().now());
        return n;
    }

    @GetMapping("/exchangeInfo")
    ObjectNode exchangeInfo(@RequestParam Map<String, String> params) {
        List<SymbolInfo> selected = selectSymbols(params, market.listed());
        ObjectNode n = BinanceJson.MAPPER.createObjectNode();
        n.put("timezone", "UTC");
        n.put("serverTime", market.feed().now());
        ArrayNode limits = n.putArray("rateLimits");
        ObjectNode weight = limits.addObject();
        weight.put("rateLimitType", "REQUEST_WEIGHT");
        weight.put("interval", "MINUTE");
        weight.put("intervalNum", 1);
        weight.put("limit", settings.weightLimit());
        n.putArray("exchangeFilters");
        ArrayNode symbols = n.putArray("symbols");
        selected.forEach(info -> symbols.add(BinanceJson.symbol(info)));
        return n;
    }

    @GetMapping("/klines")
    ArrayNode klines(@RequestParam Map<String, String> params) {
        SymbolInfo info = symbol(params);
        String intervalCode = params.get("interval");
        if (intervalCode == null || intervalCode.isEmpty()) {
            throw BinanceApiException.mandatory("interval");
        }
        Interval interval = Interval.find(intervalCode).orElseThrow(
                () -> BinanceApiException.badRequest(-1120, "Invalid interval."));
        Long start = number(params, "startTime");
        Long end = number(params, "endTime");
        checkTimes(start, end);
        ArrayNode rows = BinanceJson.MAPPER.createArrayNode();
        market.klines(info.symbol(), interval, start, end, limit(params)).forEach(k -> rows.add(BinanceJson.klineRow(k)));
        return rows;
    }

    /** Each trade is its own aggregate trade, so aggregate ids are the trade ids. */
    @GetMapping("/aggTrades")
    ArrayNode aggTrades(@RequestParam Map<String, String> params) {
        SymbolInfo info = symbol(params);
        Long fromId = number(params, "fromId");
        Long start = number(params, "startTime");
        Long end = number(params, "endTime");
        checkTimes(start, end);
        ArrayNode rows = BinanceJson.MAPPER.createArrayNode();
        market.trades(info.symbol(), fromId, start, end, limit(params)).forEach(t -> rows.add(BinanceJson.aggTradeRow(t)));
        return rows;
    }

    @GetMapping("/trades")
    ArrayNode trades(@RequestParam Map<String, String> params) {
        SymbolInfo info = symbol(params);
        return tradeRows(market.latestTrades(info.symbol(), limit(params)));
    }

    @GetMapping("/historicalTrades")
    ArrayNode historicalTrades(@RequestParam Map<String, String> params) {
        SymbolInfo info = symbol(params);
        Long fromId = number(params, "fromId");
        int limit = limit(params);
        List<Trade> trades = fromId == null ? market.latestTrades(info.symbol(), limit)
                : market.trades(info.symbol(), fromId, null, null, limit);
        return tradeRows(trades);
    }

    @GetMapping("/ticker/24hr")
    JsonNode ticker24h(@RequestParam Map<String, String> params) {
        String type = params.getOrDefault("type", "FULL");
        if (!type.equals("FULL") && !type.equals("MINI")) {
            throw BinanceApiException.notValid("type");
        }
        boolean full = type.equals("FULL");
        long now = market.feed().now();
        if (params.containsKey("symbol") && !params.containsKey("symbols")) {
            SymbolInfo info = symbol(params);
            return market.ticker(info.symbol(), now).map(t -> (JsonNode) BinanceJson.ticker24h(t, info, full))
                    .orElseGet(() -> BinanceJson.ticker24h(emptyTicker(info, now), info, full));
        }
        ArrayNode all = BinanceJson.MAPPER.createArrayNode();
        for (SymbolInfo info : selectSymbols(params, market.listed())) {
            Ticker t = market.ticker(info.symbol(), now).orElseGet(() -> emptyTicker(info, now));
            all.add(BinanceJson.ticker24h(t, info, full));
        }
        return all;
    }

    private static Ticker emptyTicker(SymbolInfo info, long now) {
        BigDecimal zero = BigDecimal.ZERO;
        return new Ticker(info.symbol(), now - 86_400_000L, now, zero, zero, zero, zero, zero, zero, zero, -1, -1, 0);
    }

    private ArrayNode tradeRows(List<Trade> trades) {
        ArrayNode rows = BinanceJson.MAPPER.createArrayNode();
        trades.forEach(t -> rows.add(BinanceJson.tradeRow(t)));
        return rows;
    }

    private SymbolInfo symbol(Map<String, String> params) {
        String symbol = params.get("symbol");
        if (symbol == null || symbol.isEmpty()) {
            throw BinanceApiException.mandatory("symbol");
        }
        return market.info(symbol).orElseThrow(BinanceApiException::invalidSymbol);
    }

    /** {@code symbol=X} or {@code symbols=["X","Y"]} (not both), else every listed symbol. */
    private List<SymbolInfo> selectSymbols(Map<String, String> params, List<SymbolInfo> all) {
        String symbol = params.get("symbol");
        String symbols = params.get("symbols");
        if (symbol != null && symbols != null) {
            throw BinanceApiException.badRequest(-1128, "Combination of optional parameters invalid.");
        }
        if (symbol != null) {
            return List.of(symbol(params));
        }
        if (symbols == null) {
            return all;
        }
        Set<String> names = new LinkedHashSet<>();
        try {
            JsonNode array = BinanceJson.MAPPER.readTree(symbols);
            if (array == null || !array.isArray() || array.isEmpty()) {
                throw BinanceApiException.illegalCharacters("symbols", SYMBOLS_RANGE);
            }
            for (JsonNode n : array) {
                if (!n.isString() || !names.add(n.asString())) {
                    throw BinanceApiException.illegalCharacters("symbols", SYMBOLS_RANGE);
                }
            }
        } catch (JacksonException e) {
            throw BinanceApiException.illegalCharacters("symbols", SYMBOLS_RANGE);
        }
        List<SymbolInfo> selected = new ArrayList<>();
        for (String name : names) {
            Optional<SymbolInfo> info = market.info(name);
            selected.add(info.orElseThrow(BinanceApiException::invalidSymbol));
        }
        return selected;
    }

    static Long number(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!NUMBER.matcher(value).matches()) {
            throw BinanceApiException.illegalCharacters(name, NUMBER_RANGE);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw BinanceApiException.illegalCharacters(name, NUMBER_RANGE);
        }
    }

    static int limit(Map<String, String> params) {
        Long limit = number(params, "limit");
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw BinanceApiException.notValid("limit");
        }
        return limit.intValue();
    }

    private static void checkTimes(Long start, Long end) {
        if (start != null && end != null && start > end) {
            throw BinanceApiException.badRequest(-1023, "Start time is greater than end time.");
        }
    }
}
