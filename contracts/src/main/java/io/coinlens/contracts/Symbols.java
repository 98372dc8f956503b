package io.coinlens.contracts;

import java.util.regex.Pattern;

/** Canonical names: {@code BTC-USDT} for a pair, {@code BTC} for a coin. */
public final class Symbols {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{2,12}-[A-Z0-9]{2,12}");
    private static final Pattern COIN = Pattern.compile("[A-Z0-9]{2,12}");

    private Symbols() {
    }

    public static boolean isSymbol(String value) {
        return value != null && SYMBOL.matcher(value).matches();
    }

    public static boolean isCoin(String value) {
        return value != null && COIN.matcher(value).matches();
    }

    /** {@code BTC-USDT} to the exchange-native {@code BTCUSDT}. */
    public static String toNative(String symbol) {
        return symbol.replace("-", "");
    }
}
