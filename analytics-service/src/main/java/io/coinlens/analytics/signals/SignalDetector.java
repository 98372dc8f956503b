package io.coinlens.analytics.signals;

import io.coinlens.analytics.indicators.IndicatorValues;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;
import io.coinlens.contracts.SignalRaised.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns closed-candle indicator values into signals. Each watched relation remembers which side it was on, so one
 * crossing raises exactly one signal, and values hovering on a line raise nothing until they really cross.
 */
public final class SignalDetector {

    public static final double RSI_OVERSOLD = 30;
    public static final double RSI_OVERBOUGHT = 70;

    /** Sides, in this order: RSI zone, MACD versus its signal line, close versus the bands, SMA 50 versus 200. */
    private final byte[] sides;

    public SignalDetector() {
        this(new byte[4]);
    }

    private SignalDetector(byte[] sides) {
        this.sides = sides;
    }

    public static SignalDetector restore(byte[] sides) {
        return new SignalDetector(sides.clone());
    }

    public byte[] snapshot() {
        return sides.clone();
    }

    public List<SignalRaised> update(String symbol, Interval interval, double close, IndicatorValues v) {
        List<SignalRaised> signals = new ArrayList<>(1);
        long openTime = v.openTime();
        if (v.has("rsi_14")) {
            double rsi = v.get("rsi_14");
            byte zone = (byte) (rsi < RSI_OVERSOLD ? -1 : rsi > RSI_OVERBOUGHT ? 1 : 0);
            if (sides[0] == -1 && zone != -1) {
                signals.add(new SignalRaised(symbol, interval, "rsi_oversold_exit", Direction.BULLISH, openTime, rsi,
                        RSI_OVERSOLD));
            } else if (sides[0] == 1 && zone != 1) {
                signals.add(new SignalRaised(symbol, interval, "rsi_overbought_exit", Direction.BEARISH, openTime,
                        rsi, RSI_OVERBOUGHT));
            }
            sides[0] = zone;
        }
        if (v.has("macd") && v.has("macd_signal")) {
            double macd = v.get("macd");
            double signal = v.get("macd_signal");
            byte side = crossing(sides[1], macd, signal);
            if (side != sides[1] && sides[1] != 0) {
                signals.add(new SignalRaised(symbol, interval, "macd_cross",
                        side > 0 ? Direction.BULLISH : Direction.BEARISH, openTime, macd, signal));
            }
            sides[1] = side;
        }
        if (v.has("bb_upper") && v.has("bb_lower")) {
            double upper = v.get("bb_upper");
            double lower = v.get("bb_lower");
            byte side = (byte) (close > upper ? 1 : close < lower ? -1 : 0);
            if (side != 0 && side != sides[2]) {
                signals.add(new SignalRaised(symbol, interval, "bollinger_breakout",
                        side > 0 ? Direction.BULLISH : Direction.BEARISH, openTime, close, side > 0 ? upper : lower));
            }
            sides[2] = side;
        }
        if (v.has("sma_50") && v.has("sma_200")) {
            double fast = v.get("sma_50");
            double slow = v.get("sma_200");
            byte side = crossing(sides[3], fast, slow);
            if (side != sides[3] && sides[3] != 0) {
                signals.add(new SignalRaised(symbol, interval, side > 0 ? "golden_cross" : "death_cross",
                        side > 0 ? Direction.BULLISH : Direction.BEARISH, openTime, fast, slow));
            }
            sides[3] = side;
        }
        return signals;
    }

    /** Which side of the line a value is on; exactly on the line keeps the previous side. */
    private static byte crossing(byte previous, double value, double line) {
        return value > line ? 1 : value < line ? -1 : previous;
    }
}
