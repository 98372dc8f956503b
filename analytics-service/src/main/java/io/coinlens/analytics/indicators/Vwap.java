package io.coinlens.analytics.indicators;

import java.nio.ByteBuffer;

/**
 * Volume-weighted average price, cumulative over a session: sum(TP * volume) / sum(volume), TP = (H + L + C) / 3.
 *
 * <p>A session is the UTC day of the candle's open time (crypto trades around the clock, so the UTC day is the
 * usual anchor); the first candle opening at or after 00:00 UTC starts a new one. For 1d candles every session is
 * one candle, so the VWAP is that candle's typical price. Lookback 0, but absent while the session has traded no
 * volume.
 */
public final class Vwap extends Indicator {

    static final long SESSION_MILLIS = 86_400_000L;

    private long session = Long.MIN_VALUE;
    private double priceVolume;
    private double volumes;

    public Vwap() {
        this(IndicatorSpec.vwap());
    }

    Vwap(IndicatorSpec spec) {
        super(spec);
    }

    @Override
    public int lookback() {
        return 0;
    }

    /** The session (UTC day number) a candle opening at {@code openTime} belongs to. */
    public static long sessionOf(long openTime) {
        return Math.floorDiv(openTime, SESSION_MILLIS);
    }

    @Override
    void step(double open, double high, double low, double close, double volume, long openTime, boolean commit,
            double[] out, int offset) {
        long day = sessionOf(openTime);
        boolean same = day == session;
        double pv = (same ? priceVolume : 0.0) + ((high + low + close) / 3.0) * volume;
        double v = (same ? volumes : 0.0) + volume;
        out[offset] = v > 0.0 ? pv / v : Double.NaN;
        if (commit) {
            session = day;
            priceVolume = pv;
            volumes = v;
        }
    }

    @Override
    int stateSize() {
        return 24;
    }

    @Override
    void write(ByteBuffer out) {
        out.putLong(session).putDouble(priceVolume).putDouble(volumes);
    }

    @Override
    void read(ByteBuffer in) {
        session = in.getLong();
        priceVolume = in.getDouble();
        volumes = in.getDouble();
    }
}
