package io.coinlens.analytics.indicators;

import io.coinlens.contracts.Interval;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The indicators of one (symbol, interval) series: {@link #update} commits a closed candle, {@link #peek} computes
 * the provisional values of the open candle without changing any state. Neither allocates; both write into an
 * {@link IndicatorValues} (the set's own, or one from {@link #newValues()}).
 *
 * <p>Candles must come in open-time order, each committed once. Not thread-safe: one set belongs to one stream
 * task. {@link #snapshot()} and {@link #restore(byte[])} carry the whole state (specs included) through a state
 * store; a restored set continues exactly as the original would have.
 */
public final class IndicatorSet {

    private static final byte FORMAT = 1;

    private final Interval interval;
    private final List<IndicatorSpec> specs;
    private final Indicator[] indicators;
    private final int[] offsets;
    private final List<String> names;
    private final IndicatorValues template;
    private final Map<String, Integer> lookbacks;
    private final IndicatorValues committed;
    private final IndicatorValues provisional;
    private long count;
    private long lastOpenTime = Long.MIN_VALUE;

    private IndicatorSet(Interval interval, List<Indicator> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an indicator set needs at least one indicator");
        }
        this.interval = interval;
        this.indicators = members.toArray(new Indicator[0]);
        this.specs = members.stream().map(Indicator::spec).toList();
        this.offsets = new int[indicators.length];
        List<String> allNames = new ArrayList<>();
        Map<String, Integer> lookbackByName = new HashMap<>();
        for (int i = 0; i < indicators.length; i++) {
            Indicator indicator = indicators[i];
            offsets[i] = allNames.size();
            allNames.addAll(indicator.names());
            for (int k = 0; k < indicator.names().size(); k++) {
                lookbackByName.put(indicator.names().get(k), indicator.lookback(k));
            }
        }
        this.template = IndicatorValues.of(allNames);
        this.names = template.names();
        this.lookbacks = Map.copyOf(lookbackByName);
        this.committed = newValues();
        this.provisional = newValues();
    }

    /** The default indicators ({@link IndicatorSpec#defaults()}) for a series of this interval. */
    public static IndicatorSet defaults(Interval interval) {
        return of(interval, IndicatorSpec.defaults());
    }

    public static IndicatorSet of(Interval interval, List<IndicatorSpec> specs) {
        return new IndicatorSet(interval, specs.stream().map(spec -> spec.create(interval)).toList());
    }

    public static IndicatorSet of(Interval interval, IndicatorSpec... specs) {
        return of(interval, List.of(specs));
    }

    public Interval interval() {
        return interval;
    }

    public List<IndicatorSpec> specs() {
        return specs;
    }

    /** All output names, in the order of {@link IndicatorValues}. */
    public List<String> names() {
        return names;
    }

    /** The index of the first candle that reports this output (TA-Lib's lookback). */
    public int lookback(String name) {
        Integer lookback = lookbacks.get(name);
        if (lookback == null) {
            throw new IllegalArgumentException("no indicator named " + name);
        }
        return lookback;
    }

    /** Candles committed so far. */
    public long count() {
        return count;
    }

    /** Open time of the last committed candle, or {@link Long#MIN_VALUE}. */
    public long lastOpenTime() {
        return lastOpenTime;
    }

    /** A buffer for {@link #update(double, double, double, double, double, long, IndicatorValues)} and peek. */
    public IndicatorValues newValues() {
        return template.blank();
    }

    /** The values of the last committed candle (the set's own buffer, overwritten by the next update). */
    public IndicatorValues latest() {
        return committed;
    }

    /** Commits a closed candle; returns the set's own buffer, overwritten by the next update. */
    public IndicatorValues update(double open, double high, double low, double close, double volume, long openTime) {
        update(open, high, low, close, volume, openTime, committed);
        return committed;
    }

    public void update(double open, double high, double low, double close, double volume, long openTime,
            IndicatorValues out) {
        check(open, high, low, close, volume, openTime, out);
        for (int i = 0; i < indicators.length; i++) {
            indicators[i].step(open, high, low, close, volume, openTime, true, out.values, offsets[i]);
        }
        out.openTime = openTime;
        out.provisional = false;
        count++;
        lastOpenTime = openTime;
        if (out != committed) {
            committed.copyFrom(out);
        }
    }

    /** The values if this still-open candle closed now; changes no state. Returns the set's provisional buffer. */
    public IndicatorValues peek(double open, double high, double low, double close, double volume, long openTime) {
        peek(open, high, low, close, volume, openTime, provisional);
        return provisional;
    }

    public void peek(double open, double high, double low, double close, double volume, long openTime,
            IndicatorValues out) {
        check(open, high, low, close, volume, openTime, out);
        for (int i = 0; i < indicators.length; i++) {
            indicators[i].step(open, high, low, close, volume, openTime, false, out.values, offsets[i]);
        }
        out.openTime = openTime;
        out.provisional = true;
    }

    private void check(double open, double high, double low, double close, double volume, long openTime,
            IndicatorValues out) {
        if (out.size() != names.size() || out.names() != names && !out.names().equals(names)) {
            throw new IllegalArgumentException("values buffer belongs to another indicator set");
        }
        if (openTime <= lastOpenTime) {
            throw new IllegalArgumentException("candle at " + openTime + " is not after the last committed one at "
                    + lastOpenTime);
        }
        // Written so that NaN fails every test.
        if (!(low > 0 && high >= low && open > 0 && close > 0 && volume >= 0
                && high < Double.POSITIVE_INFINITY && open < Double.POSITIVE_INFINITY
                && close < Double.POSITIVE_INFINITY && volume < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("not a valid candle: open " + open + " high " + high + " low " + low
                    + " close " + close + " volume " + volume);
        }
    }

    /** The whole state, specs and interval included. */
    public byte[] snapshot() {
        byte[][] ids = new byte[specs.size()][];
        int size = 1 + 2 + 8 + 8 + 4;
        byte[] code = interval.code().getBytes(StandardCharsets.US_ASCII);
        size += code.length;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = specs.get(i).id().getBytes(StandardCharsets.US_ASCII);
            size += 2 + ids[i].length + indicators[i].stateSize();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT).putShort((short) code.length).put(code).putLong(count).putLong(lastOpenTime)
                .putInt(ids.length);
        for (int i = 0; i < ids.length; i++) {
            out.putShort((short) ids[i].length).put(ids[i]);
            indicators[i].write(out);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("snapshot size mismatch");
        }
        return out.array();
    }

    /** A set in the state a {@link #snapshot()} captured. */
    public static IndicatorSet restore(byte[] snapshot) {
        try {
            ByteBuffer in = ByteBuffer.wrap(snapshot);
            byte format = in.get();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown indicator snapshot format " + format);
            }
            Interval interval = Interval.of(string(in));
            long count = in.getLong();
            long lastOpenTime = in.getLong();
            int n = in.getInt();
            if (n <= 0 || n > 1024) {
                throw new IllegalArgumentException("corrupt indicator snapshot");
            }
            List<Indicator> members = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Indicator indicator = IndicatorSpec.parse(string(in)).create(interval);
                indicator.read(in);
                members.add(indicator);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("corrupt indicator snapshot");
            }
            IndicatorSet set = new IndicatorSet(interval, members);
            set.count = count;
            set.lastOpenTime = lastOpenTime;
            return set;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("corrupt indicator snapshot", e);
        }
    }

    private static String string(ByteBuffer in) {
        int length = in.getShort();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("corrupt indicator snapshot");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
