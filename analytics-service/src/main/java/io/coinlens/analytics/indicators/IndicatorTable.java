package io.coinlens.analytics.indicators;

import io.coinlens.contracts.Interval;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Indicator values for every candle of a series, computed in one pass by the same incremental classes the stream
 * uses (so a recomputation from stored candles equals what was published live); for the query API's non-default
 * parameters and for backfills.
 */
public final class IndicatorTable {

    private final List<String> names;
    private final Map<String, Integer> slots;
    private final long[] openTimes;
    /** [slot][row]; NaN marks an absent value. */
    private final double[][] columns;

    private IndicatorTable(IndicatorValues template, long[] openTimes, double[][] columns) {
        this.names = template.names();
        this.slots = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            slots.put(names.get(i), i);
        }
        this.openTimes = openTimes;
        this.columns = columns;
    }

    /** Runs the indicators of {@code specs} over the series from its first candle. */
    public static IndicatorTable compute(CandleSeries series, Interval interval, List<IndicatorSpec> specs) {
        IndicatorSet set = IndicatorSet.of(interval, specs);
        IndicatorValues values = set.newValues();
        int n = series.size();
        double[][] columns = new double[values.size()][n];
        long[] openTimes = new long[n];
        for (int row = 0; row < n; row++) {
            set.update(series.open(row), series.high(row), series.low(row), series.close(row), series.volume(row),
                    series.openTime(row), values);
            openTimes[row] = series.openTime(row);
            for (int slot = 0; slot < columns.length; slot++) {
                columns[slot][row] = values.values[slot];
            }
        }
        return new IndicatorTable(values, openTimes, columns);
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return openTimes.length;
    }

    public long openTime(int row) {
        return openTimes[row];
    }

    public boolean has(String name, int row) {
        return !Double.isNaN(columns[slot(name)][row]);
    }

    /** The value; throws if it is absent (still warming up at that row). */
    public double get(String name, int row) {
        double v = columns[slot(name)][row];
        if (Double.isNaN(v)) {
            throw new NoSuchElementException(name + " is still warming up at row " + row);
        }
        return v;
    }

    /** The present values of one row, for publishing. */
    public Map<String, Double> row(int row) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int slot = 0; slot < columns.length; slot++) {
            double v = columns[slot][row];
            if (!Double.isNaN(v)) {
                map.put(names.get(slot), v);
            }
        }
        return map;
    }

    private int slot(String name) {
        Integer slot = slots.get(name);
        if (slot == null) {
            throw new NoSuchElementException("no indicator named " + name);
        }
        return slot;
    }
}
