package io.coinlens.analytics.indicators;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A reusable buffer of named indicator values for one candle; a value still warming up is absent.
 * Filled by {@link IndicatorSet#update} or {@link IndicatorSet#peek} without allocating.
 */
public final class IndicatorValues {

    private final List<String> names;
    private final Map<String, Integer> slots;
    final double[] values;
    long openTime;
    boolean provisional;

    IndicatorValues(List<String> names, Map<String, Integer> slots) {
        this.names = names;
        this.slots = slots;
        this.values = new double[names.size()];
        Arrays.fill(values, Double.NaN);
    }

    static IndicatorValues of(List<String> names) {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (slots.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate indicator name " + names.get(i));
            }
        }
        return new IndicatorValues(List.copyOf(names), Collections.unmodifiableMap(slots));
    }

    /** A new buffer with the same names, all absent. */
    IndicatorValues blank() {
        return new IndicatorValues(names, slots);
    }

    /** Open time of the candle these values belong to (UTC epoch ms). */
    public long openTime() {
        return openTime;
    }

    /** True when computed from a candle that is still open ({@link IndicatorSet#peek}). */
    public boolean provisional() {
        return provisional;
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return values.length;
    }

    public boolean isPresent(int slot) {
        return !Double.isNaN(values[slot]);
    }

    /** The value in a slot; throws if it is absent. */
    public double value(int slot) {
        double v = values[slot];
        if (Double.isNaN(v)) {
            throw new NoSuchElementException(names.get(slot) + " is still warming up");
        }
        return v;
    }

    /** The slot of a name, or -1. */
    public int slotOf(String name) {
        Integer slot = slots.get(name);
        return slot == null ? -1 : slot;
    }

    public boolean has(String name) {
        int slot = slotOf(name);
        return slot >= 0 && isPresent(slot);
    }

    /** The value of a name; throws if the name is unknown or the value absent. */
    public double get(String name) {
        int slot = slotOf(name);
        if (slot < 0) {
            throw new NoSuchElementException("no indicator named " + name);
        }
        return value(slot);
    }

    /** The present values, in set order, for publishing. */
    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                map.put(names.get(i), values[i]);
            }
        }
        return map;
    }

    void copyFrom(IndicatorValues other) {
        System.arraycopy(other.values, 0, values, 0, values.length);
        openTime = other.openTime;
        provisional = other.provisional;
    }

    @Override
    public String toString() {
        return (provisional ? "provisional " : "") + openTime + " " + toMap();
    }
}
