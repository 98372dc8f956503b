package io.coinlens.marketdata.ticker;

import io.coinlens.contracts.Symbols;
import io.coinlens.marketdata.config.MarketDataProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Latest prices and 24h statistics, read from Redis. */
@RestController
@RequestMapping("/api/v1/market")
public class TickerController {

    private final MarketDataProperties properties;
    private final TickerStore store;
    private final Clock clock;

    public TickerController(MarketDataProperties properties, TickerStore store, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.clock = clock;
    }

    public record SymbolInfo(String symbol, String exchange, String exchangeSymbol) {
    }

    public record Ticker(String symbol, String exchange, String price, long tradeId, long tradeTime, long ageMs,
            boolean stale) {
    }

    public record Statistics24h(String symbol, String open, String high, String low, String last, String volume,
            String quoteVolume, String priceChange, String priceChangePercent, long eventTime) {
    }

    @GetMapping("/symbols")
    @Operation(summary = "The symbols Coinlens ingests")
    public List<SymbolInfo> symbols() {
        List<SymbolInfo> symbols = new ArrayList<>();
        properties.binance().symbols().forEach(s -> symbols.add(new SymbolInfo(s, "binance", Symbols.toNative(s))));
        if (properties.coinbase().enabled()) {
            properties.coinbase().products().forEach(p -> symbols.add(new SymbolInfo(p, "coinbase", p)));
        }
        return symbols;
    }

    @GetMapping("/ticker")
    @Operation(summary = "The latest trade price of a symbol, with its age")
    public Mono<Ticker> ticker(@Parameter(example = "BTC-USDT") @RequestParam String symbol) {
        requireKnown(symbol);
        return store.find(symbol)
                .filter(f -> f.containsKey("price"))
                .map(f -> {
                    long tradeTime = Long.parseLong(f.get("tradeTime"));
                    long age = Math.max(0, clock.millis() - tradeTime);
                    return new Ticker(symbol, f.get("exchange"), f.get("price"), Long.parseLong(f.get("tradeId")),
                            tradeTime, age, age > Duration.ofMinutes(1).toMillis());
                })
                .switchIfEmpty(Mono.error(new NoDataException(symbol)));
    }

    @GetMapping("/ticker/24hr")
    @Operation(summary = "24-hour rolling statistics, of one symbol or of all")
    public Flux<Statistics24h> statistics(@RequestParam(required = false) String symbol) {
        List<String> symbols = symbol == null ? properties.symbols() : List.of(requireKnown(symbol));
        return Flux.fromIterable(symbols)
                .concatMap(s -> store.find(s).filter(f -> f.containsKey("last24h")).map(f -> statistics(s, f)));
    }

    private static Statistics24h statistics(String symbol, Map<String, String> f) {
        BigDecimal open = new BigDecimal(f.get("open24h"));
        BigDecimal last = new BigDecimal(f.get("last24h"));
        BigDecimal change = last.subtract(open);
        String percent = open.signum() == 0 ? "0"
                : change.multiply(BigDecimal.valueOf(100)).divide(open, new MathContext(8, RoundingMode.HALF_EVEN))
                .setScale(3, RoundingMode.HALF_EVEN).toPlainString();
        return new Statistics24h(symbol, f.get("open24h"), f.get("high24h"), f.get("low24h"), f.get("last24h"),
                f.get("volume24h"), f.get("quoteVolume24h"), change.toPlainString(), percent,
                Long.parseLong(f.get("statisticsTime")));
    }

    private String requireKnown(String symbol) {
        if (!Symbols.isSymbol(symbol)) {
            throw new BadSymbolException(symbol);
        }
        if (!properties.symbols().contains(symbol)) {
            throw new UnknownSymbolException(symbol);
        }
        return symbol;
    }

    static final class BadSymbolException extends RuntimeException {
        BadSymbolException(String symbol) {
            super("symbol '" + symbol + "' is not a canonical symbol like BTC-USDT");
        }
    }

    static final class UnknownSymbolException extends RuntimeException {
        UnknownSymbolException(String symbol) {
            super("symbol '" + symbol + "' is not ingested; GET /api/v1/market/symbols lists those that are");
        }
    }

    static final class NoDataException extends RuntimeException {
        NoDataException(String symbol) {
            super("no trade of " + symbol + " has been seen yet");
        }
    }

    @ExceptionHandler(BadSymbolException.class)
    ProblemDetail badSymbol(BadSymbolException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("parameter", "symbol");
        return problem;
    }

    @ExceptionHandler(UnknownSymbolException.class)
    ProblemDetail unknownSymbol(UnknownSymbolException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setProperty("parameter", "symbol");
        return problem;
    }

    @ExceptionHandler(NoDataException.class)
    ProblemDetail noData(NoDataException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }
}
