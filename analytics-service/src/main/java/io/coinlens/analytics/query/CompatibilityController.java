package io.coinlens.analytics.query;

import io.coinlens.analytics.config.AnalyticsProperties;
import io.coinlens.analytics.history.CandleRepository;
import io.coinlens.analytics.indicators.CandleSeries;
import io.coinlens.analytics.indicators.Correlation;
import io.coinlens.analytics.indicators.IndicatorSpec;
import io.coinlens.analytics.indicators.IndicatorTable;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The older analytics endpoints, recomputed on request from stored closed candles through the same indicator classes
 * as the stream ({@link IndicatorTable}), so they agree with the published values. Answers are columnar and cached.
 */
@RestController
@RequestMapping("/api/v1/analytics")
public class CompatibilityController {

    private static final int MAX_PERIOD = 500;
    private static final int DEFAULT_LIMIT = 100;

    private final CandleRepository candles;
    private final ResultCache cache;

    public CompatibilityController(CandleRepository candles, AnalyticsProperties properties) {
        this.candles = candles;
        AnalyticsProperties.Query query = properties.query();
        this.cache = new ResultCache(query.cacheTtl(), query.cacheSize(), Clock.systemUTC());
    }

    @GetMapping("/moving-average/{symbol}")
    @Operation(summary = "Simple or exponential moving average of closes")
    public Mono<Map<String, Object>> movingAverage(@PathVariable String symbol,
            @RequestParam(required = false) String period, @RequestParam(required = false) String type,
            @RequestParam(required = false) String interval, @RequestParam(required = false) String limit) {
        int p = QueryParameters.positive("period", period, 20, MAX_PERIOD);
        String t = type == null ? "sma" : type;
        IndicatorSpec spec = switch (t) {
            case "sma" -> IndicatorSpec.sma(p);
            case "ema" -> IndicatorSpec.ema(p);
            default -> throw new QueryParameters.BadParameterException("type", "must be sma or ema, was '" + t + "'");
        };
        return series(symbol, interval, limit, spec);
    }

    @GetMapping("/volatility/{symbol}")
    @Operation(summary = "Annualized realized volatility of log returns over a window")
    public Mono<Map<String, Object>> volatility(@PathVariable String symbol,
            @RequestParam(required = false) String period, @RequestParam(required = false) String interval,
            @RequestParam(required = false) String limit) {
        int p = QueryParameters.positive("period", period, 30, MAX_PERIOD);
        if (p < 2) {
            throw new QueryParameters.BadParameterException("period", "must be at least 2");
        }
        return series(symbol, interval, limit, IndicatorSpec.rv(p));
    }

    @GetMapping("/rsi/{symbol}")
    @Operation(summary = "Relative strength index")
    public Mono<Map<String, Object>> rsi(@PathVariable String symbol, @RequestParam(required = false) String period,
            @RequestParam(required = false) String interval, @RequestParam(required = false) String limit) {
        return series(symbol, interval, limit,
                IndicatorSpec.rsi(QueryParameters.positive("period", period, 14, MAX_PERIOD)));
    }

    @GetMapping("/macd/{symbol}")
    @Operation(summary = "MACD line, signal line and histogram")
    public Mono<Map<String, Object>> macd(@PathVariable String symbol, @RequestParam(required = false) String fast,
            @RequestParam(required = false) String slow, @RequestParam(required = false) String signal,
            @RequestParam(required = false) String interval, @RequestParam(required = false) String limit) {
        int f = QueryParameters.positive("fast", fast, 12, MAX_PERIOD);
        int s = QueryParameters.positive("slow", slow, 26, MAX_PERIOD);
        int g = QueryParameters.positive("signal", signal, 9, MAX_PERIOD);
        if (f >= s) {
            throw new QueryParameters.BadParameterException("fast", "must be below slow");
        }
        return series(symbol, interval, limit, IndicatorSpec.macd(f, s, g));
    }

    @GetMapping("/bollinger/{symbol}")
    @Operation(summary = "Bollinger Bands")
    public Mono<Map<String, Object>> bollinger(@PathVariable String symbol,
            @RequestParam(required = false) String period, @RequestParam(required = false) String stddev,
            @RequestParam(required = false) String interval, @RequestParam(required = false) String limit) {
        int p = QueryParameters.positive("period", period, 20, MAX_PERIOD);
        if (p < 2) {
            throw new QueryParameters.BadParameterException("period", "must be at least 2");
        }
        double k = QueryParameters.positiveNumber("stddev", stddev, 2);
        return series(symbol, interval, limit, IndicatorSpec.bbands(p, k));
    }

    @GetMapping("/correlation")
    @Operation(summary = "Pearson correlation of two symbols' log returns over the last period candles")
    public Mono<Map<String, Object>> correlation(@RequestParam(required = false) String coin1,
            @RequestParam(required = false) String coin2, @RequestParam(required = false) String period,
            @RequestParam(required = false) String interval) {
        String a = QueryParameters.symbol("coin1", coin1);
        String b = QueryParameters.symbol("coin2", coin2);
        int p = QueryParameters.positive("period", period, 90, QueryParameters.MAX_LIMIT - 1);
        if (p < 2) {
            throw new QueryParameters.BadParameterException("period", "must be at least 2");
        }
        Interval i = QueryParameters.interval(interval == null ? "1d" : interval);
        String key = "correlation:" + a + ":" + b + ":" + p + ":" + i.code();
        return cache.get(key, () -> Mono.zip(closed(a, i, p + 1), closed(b, i, p + 1))
                .map(pair -> correlation(a, b, i, p, pair.getT1(), pair.getT2())));
    }

    /**
     * The answer from each symbol's latest {@code p + 1} closed candles, oldest first. The live correlations
     * ({@code io.coinlens.analytics.correlation.PairCorrelation}) follow the same definition; a test holds them to it.
     */
    static Map<String, Object> correlation(String a, String b, Interval i, int p, List<CandleUpdated> candlesA,
            List<CandleUpdated> candlesB) {
        Map<Long, Double> closes = new HashMap<>();
        candlesB.forEach(c -> closes.put(c.openTime(), c.close().doubleValue()));
        Correlation correlation = new Correlation(p);
        double previousA = Double.NaN;
        double previousB = Double.NaN;
        int used = 0;
        for (CandleUpdated c : candlesA) {
            Double other = closes.get(c.openTime());
            if (other == null) {
                previousA = Double.NaN;
                continue;
            }
            double closeA = c.close().doubleValue();
            if (!Double.isNaN(previousA)) {
                correlation.update(Math.log(closeA / previousA), Math.log(other / previousB));
                used++;
            }
            previousA = closeA;
            previousB = other;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("coin1", a);
        body.put("coin2", b);
        body.put("interval", i.code());
        body.put("period", p);
        body.put("returns", used);
        body.put("correlation", used >= p ? correlation.value() : null);
        return body;
    }

    private Mono<Map<String, Object>> series(String symbol, String interval, String limit, IndicatorSpec spec) {
        String s = QueryParameters.symbol("symbol", symbol);
        Interval i = QueryParameters.interval(interval == null ? "1d" : interval);
        int n = QueryParameters.positive("limit", limit, DEFAULT_LIMIT, QueryParameters.MAX_LIMIT);
        String key = spec.id() + ":" + s + ":" + i.code() + ":" + n;
        return cache.get(key, () -> closed(s, i, QueryParameters.MAX_LIMIT).map(list -> {
            CandleSeries.Builder builder = CandleSeries.builder();
            list.forEach(c -> builder.add(c.openTime(), c.open().doubleValue(), c.high().doubleValue(),
                    c.low().doubleValue(), c.close().doubleValue(), c.volume().doubleValue()));
            IndicatorTable table = IndicatorTable.compute(builder.build(), i, List.of(spec));
            int from = Math.max(0, table.size() - n);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("symbol", s);
            body.put("interval", i.code());
            body.put("indicator", spec.id());
            List<Long> openTimes = new ArrayList<>();
            for (int row = from; row < table.size(); row++) {
                openTimes.add(table.openTime(row));
            }
            body.put("openTime", openTimes);
            for (String name : table.names()) {
                List<Double> column = new ArrayList<>();
                for (int row = from; row < table.size(); row++) {
                    column.add(table.has(name, row) ? table.get(name, row) : null);
                }
                body.put(name, column);
            }
            return body;
        }));
    }

    /** The latest closed candles, oldest first; 404 if the symbol has none at all. */
    private Mono<List<CandleUpdated>> closed(String symbol, Interval interval, int count) {
        return candles.latest(symbol, interval, count + 1).filter(CandleUpdated::closed).collectList()
                .flatMap(list -> !list.isEmpty() ? Mono.just(list.size() > count
                        ? list.subList(list.size() - count, list.size()) : list)
                        : candles.knows(symbol).flatMap(known -> known ? Mono.just(list)
                                : Mono.error(new QueryParameters.UnknownSymbolException(symbol))));
    }
}
