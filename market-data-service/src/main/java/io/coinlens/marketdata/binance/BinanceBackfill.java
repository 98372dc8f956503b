package io.coinlens.marketdata.binance;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import io.coinlens.contracts.Symbols;
import io.coinlens.contracts.TradeRecorded;
import io.coinlens.marketdata.ingest.TradeSequencer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches missed trades by id over Binance REST ({@code GET /api/v3/historicalTrades}), within the weight budget, and
 * keeps the budget at least at what Binance says this IP has used. The client must show its limit usage.
 */
public class BinanceBackfill implements TradeSequencer.GapFiller {

    /** Binance's request weight of historicalTrades. */
    static final int WEIGHT = 25;
    private static final String USED_WEIGHT = "x-mbx-used-weight-1m";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** A 418's message names the ban's end: "IP banned until 1700000000000." */
    private static final Pattern BANNED_UNTIL = Pattern.compile("banned until (\\d{10,})");
    /** Binance's bans last 2 minutes to 3 days; the shortest when a 418 does not say. */
    static final Duration SHORTEST_BAN = Duration.ofMinutes(2);
    private static final Duration LONGEST_BAN = Duration.ofDays(3);

    private final SpotClientImpl client;
    private final BinanceFrames frames;
    private final RequestWeightBudget budget;
    private final Clock clock;

    public BinanceBackfill(SpotClientImpl client, BinanceFrames frames, RequestWeightBudget budget, Clock clock) {
        this.client = client;
        this.frames = frames;
        this.budget = budget;
        this.clock = clock;
    }

    @Override
    public List<TradeRecorded> fetch(String symbol, long fromId, int limit) {
        String nativeSymbol = Symbols.toNative(symbol);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("symbol", nativeSymbol);
        parameters.put("fromId", fromId);
        parameters.put("limit", Math.min(limit, 1000));
        budget.acquire(WEIGHT);
        String body;
        try {
            body = client.createMarket().historicalTrades(parameters);
        } catch (BinanceClientException e) {
            if (e.getHttpStatusCode() == 418) {
                budget.backOffUntil(banEnd(e).orElse(clock.millis() + SHORTEST_BAN.toMillis()),
                        "Binance banned this address for its rate limit");
            } else if (e.getHttpStatusCode() == 429) {
                budget.backOff();
            }
            throw e;
        }
        // With the connector's limit usage on, the answer is {"data": "<body>", "x-mbx-used-weight-1m": "<n>", ...}.
        JsonNode answer = MAPPER.readTree(body);
        String used = answer.path(USED_WEIGHT).asString("");
        if (!used.isEmpty()) {
            budget.observe(Integer.parseInt(used));
        }
        return frames.restTrades(nativeSymbol, answer.path("data").asString(""), clock.millis());
    }

    /**
     * When a ban ends, from the 418's message (the connector keeps Binance's {@code Retry-After} header to itself);
     * at most Binance's longest ban from now, so a garbled number cannot stop backfill for good.
     */
    OptionalLong banEnd(BinanceClientException e) {
        for (String text : new String[] {e.getErrMsg(), e.getMessage()}) {
            Matcher m = text == null ? null : BANNED_UNTIL.matcher(text);
            if (m != null && m.find()) {
                try {
                    return OptionalLong.of(Math.min(Long.parseLong(m.group(1)),
                            clock.millis() + LONGEST_BAN.toMillis()));
                } catch (NumberFormatException tooLong) {
                    return OptionalLong.of(clock.millis() + LONGEST_BAN.toMillis());
                }
            }
        }
        return OptionalLong.empty();
    }
}
