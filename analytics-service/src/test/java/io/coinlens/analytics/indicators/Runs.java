package io.coinlens.analytics.indicators;

import io.coinlens.contracts.Interval;
import java.util.List;

/** Runs one indicator over raw columns; absent values come back as NaN. */
final class Runs {

    private Runs() {
    }

    /** Candles from columns; a missing price column is replaced by the close, a missing volume by 1. */
    static CandleSeries candles(double[] open, double[] high, double[] low, double[] close, double[] volume) {
        int n = close.length;
        CandleSeries.Builder b = CandleSeries.builder();
        for (int i = 0; i < n; i++) {
            double c = close[i];
            double h = high == null ? c : high[i];
            double l = low == null ? c : low[i];
            double o = open == null ? c : open[i];
            b.add(i * 60_000L, o, h, l, c,
                    volume == null ? 1.0 : volume[i]);
        }
        return b.build();
    }

    /** [output][row] */
    static double[][] run(IndicatorSpec spec, CandleSeries series) {
        IndicatorTable table = IndicatorTable.compute(series, Interval.D1, List.of(spec));
        List<String> names = table.names();
        double[][] out = new double[names.size()][series.size()];
        for (int k = 0; k < names.size(); k++) {
            for (int row = 0; row < series.size(); row++) {
                out[k][row] = table.has(names.get(k), row) ? table.get(names.get(k), row) : Double.NaN;
            }
        }
        return out;
    }
}
