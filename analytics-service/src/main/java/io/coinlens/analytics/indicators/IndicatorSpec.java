package io.coinlens.analytics.indicators;

import io.coinlens.contracts.Interval;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which indicator with which parameters; its {@link #id()} ({@code sma_50}, {@code macd_12_26_9}, {@code bb_20_2})
 * round-trips through {@link #parse(String)} and names it in snapshots and query parameters.
 *
 * @param kind       the indicator
 * @param period     the period; MACD's fast period; the stochastic's fast-%K period; 0 for OBV and VWAP
 * @param period2    MACD's slow period; the stochastic's slow-%K period; otherwise 0
 * @param period3    MACD's signal period; the stochastic's slow-%D period; otherwise 0
 * @param multiplier Bollinger Bands' and the standard deviation's number of deviations; otherwise 0
 */
public record IndicatorSpec(Kind kind, int period, int period2, int period3, double multiplier) {

    /** The indicators, by the token that starts their id. */
    public enum Kind {
        SMA("sma"), EMA("ema"), WMA("wma"), RSI("rsi"), MACD("macd"), BBANDS("bb"), ATR("atr"), NATR("natr"),
        ADX("adx"), STOCH("stoch"), CCI("cci"), WILLR("willr"), MFI("mfi"), OBV("obv"), ROC("roc"),
        STDDEV("stddev"), VWAP("vwap"), RV("rv");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        static Kind ofToken(String token) {
            for (Kind k : values()) {
                if (k.token.equals(token)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown indicator '" + token + "'");
        }
    }

    public IndicatorSpec {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (!(Double.isFinite(multiplier) && multiplier >= 0)) {
            throw new IllegalArgumentException("multiplier must be a finite non-negative number");
        }
        // Parameters a kind does not use are zero, so that equal indicators have equal specs.
        switch (kind) {
            case OBV, VWAP -> {
                period = 0;
                period2 = 0;
                period3 = 0;
                multiplier = 0;
            }
            case MACD, STOCH -> multiplier = 0;
            case BBANDS, STDDEV -> {
                period2 = 0;
                period3 = 0;
            }
            default -> {
                period2 = 0;
                period3 = 0;
                multiplier = 0;
            }
        }
    }

    public static IndicatorSpec sma(int period) {
        return new IndicatorSpec(Kind.SMA, period, 0, 0, 0);
    }

    public static IndicatorSpec ema(int period) {
        return new IndicatorSpec(Kind.EMA, period, 0, 0, 0);
    }

    public static IndicatorSpec wma(int period) {
        return new IndicatorSpec(Kind.WMA, period, 0, 0, 0);
    }

    public static IndicatorSpec rsi(int period) {
        return new IndicatorSpec(Kind.RSI, period, 0, 0, 0);
    }

    public static IndicatorSpec macd(int fast, int slow, int signal) {
        return new IndicatorSpec(Kind.MACD, fast, slow, signal, 0);
    }

    public static IndicatorSpec bbands(int period, double deviations) {
        return new IndicatorSpec(Kind.BBANDS, period, 0, 0, deviations);
    }

    public static IndicatorSpec atr(int period) {
        return new IndicatorSpec(Kind.ATR, period, 0, 0, 0);
    }

    public static IndicatorSpec natr(int period) {
        return new IndicatorSpec(Kind.NATR, period, 0, 0, 0);
    }

    public static IndicatorSpec adx(int period) {
        return new IndicatorSpec(Kind.ADX, period, 0, 0, 0);
    }

    public static IndicatorSpec stoch(int fastK, int slowK, int slowD) {
        return new IndicatorSpec(Kind.STOCH, fastK, slowK, slowD, 0);
    }

    public static IndicatorSpec cci(int period) {
        return new IndicatorSpec(Kind.CCI, period, 0, 0, 0);
    }

    public static IndicatorSpec willr(int period) {
        return new IndicatorSpec(Kind.WILLR, period, 0, 0, 0);
    }

    public static IndicatorSpec mfi(int period) {
        return new IndicatorSpec(Kind.MFI, period, 0, 0, 0);
    }

    public static IndicatorSpec obv() {
        return new IndicatorSpec(Kind.OBV, 0, 0, 0, 0);
    }

    public static IndicatorSpec roc(int period) {
        return new IndicatorSpec(Kind.ROC, period, 0, 0, 0);
    }

    public static IndicatorSpec stddev(int period) {
        return stddev(period, 1.0);
    }

    public static IndicatorSpec stddev(int period, double deviations) {
        return new IndicatorSpec(Kind.STDDEV, period, 0, 0, deviations);
    }

    public static IndicatorSpec vwap() {
        return new IndicatorSpec(Kind.VWAP, 0, 0, 0, 0);
    }

    public static IndicatorSpec rv(int window) {
        return new IndicatorSpec(Kind.RV, window, 0, 0, 0);
    }

    /** The default set published for every (symbol, interval), in publishing order. */
    public static List<IndicatorSpec> defaults() {
        return List.of(sma(20), ema(20), wma(20), rsi(14), macd(12, 26, 9), bbands(20, 2), atr(14), natr(14),
                adx(14), stoch(14, 3, 3), cci(20), willr(14), mfi(14), obv(), roc(10), stddev(20), vwap(), rv(30));
    }

    /**
     * Parses an id such as {@code sma_50}, {@code macd_12_26_9}, {@code bb_20_2.5}, {@code stoch_5_3_3},
     * {@code obv}; trailing parameters left out take the default set's values ({@code macd} = 12, 26, 9).
     */
    public static IndicatorSpec parse(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("indicator id is blank");
        }
        String[] parts = id.trim().toLowerCase(Locale.ROOT).split("_", -1);
        Kind kind = Kind.ofToken(parts[0]);
        IndicatorSpec base = defaults().stream().filter(s -> s.kind == kind).findFirst().orElseThrow();
        int[] periods = {base.period, base.period2, base.period3};
        double multiplier = base.multiplier;
        int numberOfPeriods = switch (kind) {
            case MACD, STOCH -> 3;
            case OBV, VWAP -> 0;
            default -> 1;
        };
        boolean hasMultiplier = kind == Kind.BBANDS || kind == Kind.STDDEV;
        int max = numberOfPeriods + (hasMultiplier ? 1 : 0);
        if (parts.length - 1 > max) {
            throw new IllegalArgumentException("too many parameters in '" + id + "'");
        }
        try {
            for (int i = 1; i < parts.length; i++) {
                if (i <= numberOfPeriods) {
                    periods[i - 1] = Integer.parseInt(parts[i]);
                } else {
                    multiplier = Double.parseDouble(parts[i]);
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad parameter in '" + id + "'", e);
        }
        IndicatorSpec spec = new IndicatorSpec(kind, periods[0], periods[1], periods[2], multiplier);
        spec.create(Interval.D1); // validates the parameters
        return spec;
    }

    /** The canonical id; {@code parse(id())} equals this spec. */
    public String id() {
        return switch (kind) {
            case OBV, VWAP -> kind.token;
            case MACD, STOCH -> kind.token + "_" + period + "_" + period2 + "_" + period3;
            case BBANDS -> kind.token + "_" + period + "_" + number(multiplier);
            case STDDEV -> kind.token + "_" + period + (multiplier == 1.0 ? "" : "_" + number(multiplier));
            default -> kind.token + "_" + period;
        };
    }

    /** Output names: the short names of the default set, parameters appended otherwise ({@code macd_hist_5_35_5}). */
    public List<String> names() {
        return switch (kind) {
            case MACD -> suffixed(equals(macd(12, 26, 9)) ? "" : "_" + period + "_" + period2 + "_" + period3,
                    "macd", "macd_signal", "macd_hist");
            case BBANDS -> suffixed(equals(bbands(20, 2)) ? "" : "_" + period + "_" + number(multiplier),
                    "bb_upper", "bb_middle", "bb_lower");
            case STOCH -> suffixed(equals(stoch(14, 3, 3)) ? "" : "_" + period + "_" + period2 + "_" + period3,
                    "stoch_k", "stoch_d");
            case ADX -> suffixed("_" + period, "adx", "plus_di", "minus_di");
            default -> List.of(id());
        };
    }

    /** A new indicator in its initial state; the interval matters only to annualize realized volatility. */
    public Indicator create(Interval interval) {
        return switch (kind) {
            case SMA -> new Sma(this);
            case EMA -> new Ema(this);
            case WMA -> new Wma(this);
            case RSI -> new Rsi(this);
            case MACD -> new Macd(this);
            case BBANDS -> new BollingerBands(this);
            case ATR, NATR -> new Atr(this);
            case ADX -> new Adx(this);
            case STOCH -> new Stochastic(this);
            case CCI -> new Cci(this);
            case WILLR -> new WilliamsR(this);
            case MFI -> new Mfi(this);
            case OBV -> new Obv(this);
            case ROC -> new Roc(this);
            case STDDEV -> new StdDev(this);
            case VWAP -> new Vwap(this);
            case RV -> new RealizedVolatility(this, interval);
        };
    }

    private static List<String> suffixed(String suffix, String... names) {
        List<String> list = new ArrayList<>(names.length);
        for (String n : names) {
            list.add(n + suffix);
        }
        return List.copyOf(list);
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
