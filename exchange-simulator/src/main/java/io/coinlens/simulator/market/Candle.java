package io.coinlens.simulator.market;

import java.math.BigDecimal;
import java.util.Objects;

/** One real candle of a bundled series. Times are UTC epoch ms. */
public record Candle(long openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
        BigDecimal volume) {

    public Candle {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(volume, "volume");
        if (low.compareTo(open.min(close)) > 0 || high.compareTo(open.max(close)) < 0 || volume.signum() < 0) {
            throw new IllegalArgumentException("inconsistent candle at " + openTime + ": o=" + open + " h=" + high
                    + " l=" + low + " c=" + close + " v=" + volume);
        }
    }

    /** The scale every price of this candle can be written at without loss. */
    public int priceScale() {
        return Math.max(0, Math.max(Math.max(open.scale(), close.scale()), Math.max(high.scale(), low.scale())));
    }
}
