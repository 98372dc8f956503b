package io.coinlens.simulator.market;

import io.coinlens.contracts.Interval;

import java.util.List;

/**
 * A bundled series of real candles, oldest first, replayed as one symbol.
 *
 * @param name      e.g. {@code BTC-USD-4h}
 * @param baseAsset e.g. {@code BTC}; the replayed symbol is {@code <base>USDT}
 * @param source    where the data came from, for logs and the status page
 */
public record CandleSeries(String name, String baseAsset, Interval interval, String source, List<Candle> candles) {

    public CandleSeries {
        candles = List.copyOf(candles);
        if (candles.isEmpty()) {
            throw new IllegalArgumentException(name + " has no candles");
        }
        for (int i = 1; i < candles.size(); i++) {
            if (candles.get(i).openTime() <= candles.get(i - 1).openTime()) {
                throw new IllegalArgumentException(name + " is not in time order at index " + i);
            }
        }
    }

    public long intervalMillis() {
        return interval.millis();
    }

    public long firstOpenTime() {
        return candles.get(0).openTime();
    }

    /** The end of the last candle: where a replay wraps around to the first one. */
    public long endTime() {
        return candles.get(candles.size() - 1).openTime() + intervalMillis();
    }

    /** The index of the first candle that has not ended by {@code time} (the size of the series if none). */
    public int indexAt(long time) {
        int lo = 0;
        int hi = candles.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (candles.get(mid).openTime() + intervalMillis() <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
