package io.coinlens.analytics.correlation;

import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Symbols;

/** Two symbols correlated in one interval; {@link #key()} is the key of its events and of its state. */
public record CorrelationPair(String symbol, String otherSymbol, Interval interval) {

    public CorrelationPair {
        if (!Symbols.isSymbol(symbol) || !Symbols.isSymbol(otherSymbol) || symbol.equals(otherSymbol)) {
            throw new IllegalArgumentException("a correlation pair is two different symbols like "
                    + "BTC-USDT:ETH-USDT, was '" + symbol + ":" + otherSymbol + "'");
        }
    }

    /** {@code BTC-USDT:ETH-USDT} in one interval. */
    public static CorrelationPair parse(String pair, Interval interval) {
        int colon = pair == null ? -1 : pair.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "a correlation pair is two different symbols like BTC-USDT:ETH-USDT, was '" + pair + "'");
        }
        return new CorrelationPair(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim(), interval);
    }

    /** The inverse of {@link #key()}. */
    public static CorrelationPair fromKey(String key) {
        int last = key.lastIndexOf(':');
        return parse(key.substring(0, last), Interval.of(key.substring(last + 1)));
    }

    /** {@code symbol:otherSymbol:interval}, as {@code CorrelationComputed.key()}. */
    public String key() {
        return symbol + ":" + otherSymbol + ":" + interval.code();
    }
}
