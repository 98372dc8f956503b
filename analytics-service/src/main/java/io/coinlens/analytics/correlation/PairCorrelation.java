package io.coinlens.analytics.correlation;

import io.coinlens.analytics.indicators.Correlation;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live correlation of one pair in one interval, fed the closed candles' closes of both symbols as they arrive,
 * in any interleaving of the two.
 *
 * <p>It is exactly the definition of {@code GET /api/v1/analytics/correlation}: Pearson ({@link Correlation}) of the
 * two symbols' log returns {@code ln(close / previous close)} over the last {@code period} returns, where the returns
 * are taken between consecutive open times at which <em>either</em> symbol has a closed candle, and every one of those
 * last {@code period + 1} open times must have a close of <em>both</em> symbols. An open time with a candle of only
 * one symbol (the other had no trades in it) therefore starts the window over; an open time with no candle of either
 * is skipped, so that return spans the gap, as the endpoint's does.
 *
 * <p>Each symbol's closes arrive in open-time order (one Kafka partition each), but the two symbols independently.
 * So an open time is settled once both symbols have delivered a close at or after it: then it is known whether both,
 * or only one, have a close there. A close at or before the settled point is late (or a duplicate) and ignored.
 * While one symbol is silent the other's closes wait, at most {@link #MAX_WAITING} of them; beyond that the oldest is
 * given up and the window starts over, which can delay a value but never make one wrong.
 */
public final class PairCorrelation {

    /** A correlation for the candles opened at {@code openTime}. */
    public record Value(long openTime, double correlation) {
    }

    static final int MAX_WAITING = 1_000;
    private static final byte FORMAT = 1;

    private final int period;
    private Correlation correlation;
    private final TreeMap<Long, Double> waitingFirst = new TreeMap<>();
    private final TreeMap<Long, Double> waitingSecond = new TreeMap<>();
    /** The newest open time each symbol has delivered. */
    private long latestFirst = Long.MIN_VALUE;
    private long latestSecond = Long.MIN_VALUE;
    /** Open times up to here are settled. */
    private long settled = Long.MIN_VALUE;
    /** The closes at the last open time both symbols had; NaN after a restart of the window. */
    private double previousFirst = Double.NaN;
    private double previousSecond = Double.NaN;

    public PairCorrelation(int period) {
        this.period = period;
        this.correlation = new Correlation(period);
    }

    public int period() {
        return period;
    }

    /**
     * Adds the close of the candle opened at {@code openTime}, of the pair's first symbol or of the other; returns the
     * correlations this settles, oldest first (usually none or one).
     */
    public List<Value> add(boolean first, long openTime, double close) {
        TreeMap<Long, Double> waiting = first ? waitingFirst : waitingSecond;
        if (openTime <= settled || waiting.containsKey(openTime)) {
            return List.of();
        }
        waiting.put(openTime, close);
        if (first) {
            latestFirst = Math.max(latestFirst, openTime);
        } else {
            latestSecond = Math.max(latestSecond, openTime);
        }
        List<Value> values = new ArrayList<>(1);
        settle(Math.min(latestFirst, latestSecond), values);
        giveUpBeyond(waiting);
        return values;
    }

    private void settle(long upTo, List<Value> values) {
        while (true) {
            Long a = waitingFirst.isEmpty() ? null : waitingFirst.firstKey();
            Long b = waitingSecond.isEmpty() ? null : waitingSecond.firstKey();
            long next = a == null ? (b == null ? Long.MAX_VALUE : b) : (b == null ? a : Math.min(a, b));
            if (next > upTo) {
                break;
            }
            Double x = waitingFirst.remove(next);
            Double y = waitingSecond.remove(next);
            if (x != null && y != null) {
                if (!Double.isNaN(previousFirst)
                        && correlation.update(Math.log(x / previousFirst), Math.log(y / previousSecond))) {
                    values.add(new Value(next, correlation.value()));
                }
                previousFirst = x;
                previousSecond = y;
            } else {
                restartWindow();
            }
            settled = next;
        }
        settled = Math.max(settled, upTo);
    }

    private void giveUpBeyond(TreeMap<Long, Double> waiting) {
        while (waiting.size() > MAX_WAITING) {
            settled = Math.max(settled, waiting.pollFirstEntry().getKey());
            restartWindow();
        }
    }

    private void restartWindow() {
        previousFirst = Double.NaN;
        previousSecond = Double.NaN;
        correlation = new Correlation(period);
    }

    /** The state, for a state store. */
    public byte[] snapshot() {
        byte[] c = correlation.snapshot();
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 3 * 8 + 2 * 8 + 4 + c.length
                + 2 * 4 + (waitingFirst.size() + waitingSecond.size()) * 16);
        out.put(FORMAT).putInt(period).putLong(latestFirst).putLong(latestSecond).putLong(settled)
                .putDouble(previousFirst).putDouble(previousSecond).putInt(c.length).put(c);
        write(out, waitingFirst);
        write(out, waitingSecond);
        return out.array();
    }

    /** The state saved by {@link #snapshot()}; a fresh one if it was computed with another period. */
    public static PairCorrelation restore(byte[] snapshot, int period) {
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown correlation state format " + format);
        }
        PairCorrelation p = new PairCorrelation(period);
        if (in.getInt() != period) {
            return p; // the period was reconfigured: start over rather than mix window lengths
        }
        p.latestFirst = in.getLong();
        p.latestSecond = in.getLong();
        p.settled = in.getLong();
        p.previousFirst = in.getDouble();
        p.previousSecond = in.getDouble();
        byte[] c = new byte[in.getInt()];
        in.get(c);
        p.correlation = Correlation.restore(c);
        read(in, p.waitingFirst);
        read(in, p.waitingSecond);
        return p;
    }

    private static void write(ByteBuffer out, TreeMap<Long, Double> closes) {
        out.putInt(closes.size());
        for (Map.Entry<Long, Double> e : closes.entrySet()) {
            out.putLong(e.getKey()).putDouble(e.getValue());
        }
    }

    private static void read(ByteBuffer in, TreeMap<Long, Double> closes) {
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            closes.put(in.getLong(), in.getDouble());
        }
    }
}
