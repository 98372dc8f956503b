package io.coinlens.analytics.query;

import io.coinlens.analytics.history.CandleRepository;
import io.coinlens.analytics.history.IndicatorRepository;
import io.coinlens.contracts.IndicatorsComputed;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Indicator history (columnar) and raised signals. */
@RestController
public class IndicatorController {

    private final IndicatorRepository indicators;
    private final CandleRepository candles;

    public IndicatorController(IndicatorRepository indicators, CandleRepository candles) {
        this.indicators = indicators;
        this.candles = candles;
    }

    @GetMapping("/api/v1/indicators/{symbol}")
    @Operation(summary = "Indicator values of closed candles as columns: openTime and one array per indicator, "
            + "null while an indicator warms up")
    public Mono<Map<String, List<Object>>> indicators(@PathVariable String symbol,
            @RequestParam(required = false) String interval, @RequestParam(required = false) String startTime,
            @RequestParam(required = false) String endTime, @RequestParam(required = false) String limit) {
        String s = QueryParameters.symbol("symbol", symbol);
        Interval i = QueryParameters.interval(interval == null ? "1m" : interval);
        long start = QueryParameters.time("startTime", startTime, 0);
        long end = QueryParameters.time("endTime", endTime, Long.MAX_VALUE);
        QueryParameters.range(start, end);
        int n = QueryParameters.positive("limit", limit, CandleController.DEFAULT_LIMIT, QueryParameters.MAX_LIMIT);
        return indicators.find(s, i, start, end, n).collectList()
                .flatMap(rows -> rows.isEmpty()
                        ? candles.knows(s).flatMap(known -> known ? Mono.just(rows)
                                : Mono.error(new QueryParameters.UnknownSymbolException(s)))
                        : Mono.just(rows))
                .map(IndicatorController::columns);
    }

    static Map<String, List<Object>> columns(List<IndicatorsComputed> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.values().keySet()));
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        List<Object> openTimes = new ArrayList<>(rows.size());
        rows.forEach(r -> openTimes.add(r.openTime()));
        columns.put("openTime", openTimes);
        for (String name : names) {
            List<Object> column = new ArrayList<>(rows.size());
            rows.forEach(r -> column.add(r.values().get(name)));
            columns.put(name, column);
        }
        return columns;
    }

    @GetMapping("/api/v1/signals")
    @Operation(summary = "Signals raised on candles opened at or after 'since', oldest first")
    public Mono<List<SignalRaised>> signals(@RequestParam(required = false) String symbol,
            @RequestParam(required = false) String since, @RequestParam(required = false) String limit) {
        String s = symbol == null ? null : QueryParameters.symbol("symbol", symbol);
        long from = QueryParameters.time("since", since, 0);
        int n = QueryParameters.positive("limit", limit, CandleController.DEFAULT_LIMIT, QueryParameters.MAX_LIMIT);
        return indicators.signals(s, from, n).collectList();
    }
}
