package io.coinlens.marketdata.stream;

import io.coinlens.contracts.Interval;
import io.coinlens.contracts.Symbols;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stream a client can subscribe to: {@code btc-usdt@trade}, {@code btc-usdt@kline_1m},
 * {@code btc-usdt@indicators_1h}, {@code btc-usdt@correlation_eth-usdt_1h}, {@code btc-usdt@signals},
 * {@code btc@sentiment}, {@code btc-usdt@prediction}, {@code alerts}.
 *
 * @param conflated for streams where only the newest value matters: a slow client gets the latest, not a backlog
 */
public record StreamName(String name, boolean conflated) {

    private static final Pattern SYMBOL_STREAM = Pattern.compile(
            "([a-z0-9]{2,12}-[a-z0-9]{2,12})@(trade|kline_([0-9a-z]+)|indicators_([0-9a-z]+)|signals|prediction"
                    + "|correlation_([a-z0-9]{2,12}-[a-z0-9]{2,12})_([0-9a-z]+))");
    private static final Pattern COIN_STREAM = Pattern.compile("([a-z0-9]{2,12})@sentiment");

    public static final String ALERTS = "alerts";

    /** Parses and checks a stream name against the symbols and coins that exist; empty when it is not valid. */
    public static Optional<StreamName> parse(String name, Set<String> symbols) {
        if (name == null) {
            return Optional.empty();
        }
        if (name.equals(ALERTS)) {
            return Optional.of(new StreamName(ALERTS, false));
        }
        Matcher m = SYMBOL_STREAM.matcher(name);
        if (m.matches()) {
            String symbol = m.group(1).toUpperCase(Locale.ROOT);
            if (!symbols.contains(symbol)) {
                return Optional.empty();
            }
            String interval = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(6);
            if (interval != null && Interval.find(interval).isEmpty()) {
                return Optional.empty();
            }
            String other = m.group(5);
            if (other != null && (other.equals(m.group(1)) || !symbols.contains(other.toUpperCase(Locale.ROOT)))) {
                return Optional.empty();
            }
            return Optional.of(new StreamName(name, m.group(2).startsWith("kline_")));
        }
        Matcher coin = COIN_STREAM.matcher(name);
        if (coin.matches()) {
            String c = coin.group(1).toUpperCase(Locale.ROOT);
            boolean known = symbols.stream().anyMatch(s -> s.startsWith(c + "-"));
            return known && Symbols.isCoin(c) ? Optional.of(new StreamName(name, false)) : Optional.empty();
        }
        return Optional.empty();
    }

    public static String trade(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@trade";
    }

    public static String kline(String symbol, String interval) {
        return symbol.toLowerCase(Locale.ROOT) + "@kline_" + interval;
    }

    public static String indicators(String symbol, String interval) {
        return symbol.toLowerCase(Locale.ROOT) + "@indicators_" + interval;
    }

    /** The values of {@code correlations} published for the pair, e.g. {@code btc-usdt@correlation_eth-usdt_1h}. */
    public static String correlation(String symbol, String otherSymbol, String interval) {
        return symbol.toLowerCase(Locale.ROOT) + "@correlation_" + otherSymbol.toLowerCase(Locale.ROOT) + "_"
                + interval;
    }

    public static String signals(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@signals";
    }

    public static String prediction(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@prediction";
    }

    public static String sentiment(String coin) {
        return coin.toLowerCase(Locale.ROOT) + "@sentiment";
    }
}
