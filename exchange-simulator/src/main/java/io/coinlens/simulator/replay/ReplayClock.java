package io.coinlens.simulator.replay;

/**
 * Maps source time (when the replayed candle really happened) to wall time (when the simulator sends its trades):
 * {@code wall = wallOrigin + (source - sourceOrigin) / speed}. Trades go out stamped with wall time, so candles that
 * consumers build from them are live; {@code /sim/replay} shows both origins to map back.
 *
 * @param speed source milliseconds per wall millisecond
 */
public record ReplayClock(long wallOrigin, long sourceOrigin, double speed) {

    public ReplayClock {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be positive, was " + speed);
        }
    }

    public long toWall(long sourceTime) {
        return wallOrigin + (long) Math.floor((sourceTime - sourceOrigin) / speed);
    }

    public long toSource(long wallTime) {
        return sourceOrigin + (long) Math.floor((wallTime - wallOrigin) * speed);
    }
}
