package io.coinlens.simulator.binance;

import io.coinlens.contracts.Interval;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Binance market stream name: {@code btcusdt@trade}, {@code btcusdt@aggTrade}, {@code btcusdt@kline_1m},
 * {@code btcusdt@miniTicker} or {@code !miniTicker@arr}.
 *
 * @param symbol the native symbol in upper case ({@code BTCUSDT}); null for {@code !miniTicker@arr}
 */
record StreamName(String name, Kind kind, String symbol, Interval interval) {

    static final String ALL_MINI_TICKERS = "!miniTicker@arr";
    private static final Pattern SYMBOL = Pattern.compile("[a-z0-9]{2,20}");

    enum Kind { TRADE, AGG_TRADE, KLINE, MINI_TICKER, ALL_MINI_TICKERS }

    /** Empty for anything Binance would not stream; symbols must be lower case, as Binance requires. */
    static Optional<StreamName> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.equals(ALL_MINI_TICKERS)) {
            return Optional.of(new StreamName(name, Kind.ALL_MINI_TICKERS, null, null));
        }
        int at = name.indexOf('@');
        if (at < 0 || !SYMBOL.matcher(name.substring(0, at)).matches()) {
            return Optional.empty();
        }
        String symbol = name.substring(0, at).toUpperCase(Locale.ROOT);
        String type = name.substring(at + 1);
        return switch (type) {
            case "trade" -> Optional.of(new StreamName(name, Kind.TRADE, symbol, null));
            case "aggTrade" -> Optional.of(new StreamName(name, Kind.AGG_TRADE, symbol, null));
            case "miniTicker" -> Optional.of(new StreamName(name, Kind.MINI_TICKER, symbol, null));
            default -> type.startsWith("kline_")
                    ? Interval.find(type.substring("kline_".length()))
                            .map(i -> new StreamName(name, Kind.KLINE, symbol, i))
                    : Optional.empty();
        };
    }
}
