package io.coinlens.analytics.query;

import io.coinlens.analytics.history.CandleRepository;
import io.coinlens.contracts.CandleUpdated;
import io.coinlens.contracts.Interval;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Candle history, in Coinlens' form or Binance's klines form. */
@RestController
public class CandleController {

    static final int DEFAULT_LIMIT = 500;

    private final CandleRepository candles;

    public CandleController(CandleRepository candles) {
        this.candles = candles;
    }

    @GetMapping("/api/v1/candles")
    @Operation(summary = "Candles of a symbol by open time, oldest first; format=binance gives Binance's kline arrays")
    public Mono<List<?>> candles(@Parameter(example = "BTC-USDT") @RequestParam(required = false) String symbol,
            @Parameter(example = "1m") @RequestParam(required = false) String interval,
            @RequestParam(required = false) String startTime, @RequestParam(required = false) String endTime,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String format) {
        String s = QueryParameters.symbol("symbol", symbol);
        Interval i = QueryParameters.interval(interval);
        long start = QueryParameters.time("startTime", startTime, 0);
        long end = QueryParameters.time("endTime", endTime, Long.MAX_VALUE);
        QueryParameters.range(start, end);
        int n = QueryParameters.positive("limit", limit, DEFAULT_LIMIT, QueryParameters.MAX_LIMIT);
        boolean binance = format != null && !format.isBlank();
        if (binance && !format.equals("binance")) {
            throw new QueryParameters.BadParameterException("format", "must be 'binance' or absent, was '" + format
                    + "'");
        }
        Mono<List<CandleUpdated>> found = (startTime == null && endTime == null ? candles.latest(s, i, n)
                : candles.find(s, i, start, end, n)).collectList();
        return found.flatMap(list -> list.isEmpty()
                        ? candles.knows(s).flatMap(known -> known ? Mono.just(list)
                                : Mono.error(new QueryParameters.UnknownSymbolException(s)))
                        : Mono.just(list))
                .map(list -> binance ? list.stream().map(CandleController::kline).toList() : list);
    }

    /**
     * Binance's kline order. Taker-buy volumes are not part of a Coinlens candle, so they are "0"; the last field is
     * unused by Binance too.
     */
    static List<Object> kline(CandleUpdated c) {
        return List.of(c.openTime(), c.open().toPlainString(), c.high().toPlainString(), c.low().toPlainString(),
                c.close().toPlainString(), c.volume().toPlainString(), c.closeTime(),
                c.quoteVolume().toPlainString(), c.trades(), "0", "0", "0");
    }
}
