package io.coinlens.portfolio.alert;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One symbol's enabled alerts, indexed by the price at which each can change state, so a trade looks only at the
 * alerts it can fire or re-arm: O(log n + k) instead of every alert of the symbol. Armed alerts are keyed by their
 * threshold; disarmed ones by the edge of their hysteresis band. Immutable: a change makes a new one, which shares
 * the unchanged buckets.
 */
final class SymbolAlerts {

    static final SymbolAlerts EMPTY = new SymbolAlerts(List.of());

    private final TreeMap<BigDecimal, List<Alert>> armedAbove;
    private final TreeMap<BigDecimal, List<Alert>> armedBelow;
    private final TreeMap<BigDecimal, List<Alert>> disarmedAbove;
    private final TreeMap<BigDecimal, List<Alert>> disarmedBelow;
    private volatile List<Alert> all;

    SymbolAlerts(List<Alert> alerts) {
        this.armedAbove = new TreeMap<>();
        this.armedBelow = new TreeMap<>();
        this.disarmedAbove = new TreeMap<>();
        this.disarmedBelow = new TreeMap<>();
        for (Alert a : alerts) {
            index(a);
        }
    }

    /** A copy to change: the maps are copied (in linear time, no comparisons), their bucket lists are shared. */
    private SymbolAlerts(SymbolAlerts from) {
        this.armedAbove = new TreeMap<>(from.armedAbove);
        this.armedBelow = new TreeMap<>(from.armedBelow);
        this.disarmedAbove = new TreeMap<>(from.disarmedAbove);
        this.disarmedBelow = new TreeMap<>(from.disarmedBelow);
    }

    private NavigableMap<BigDecimal, List<Alert>> indexOf(Alert a) {
        boolean above = a.priceDirection() == AlertRule.Direction.ABOVE;
        if (a.armed()) {
            return above ? armedAbove : armedBelow;
        }
        return above ? disarmedAbove : disarmedBelow;
    }

    private static BigDecimal keyOf(Alert a) {
        if (a.armed()) {
            return a.threshold();
        }
        return a.priceDirection() == AlertRule.Direction.ABOVE ? a.threshold().subtract(a.hysteresis())
                : a.threshold().add(a.hysteresis());
    }

    /** Adds to a copy of the bucket: buckets may be shared with the instance this was copied from. */
    private void index(Alert a) {
        NavigableMap<BigDecimal, List<Alert>> index = indexOf(a);
        BigDecimal key = keyOf(a);
        List<Alert> bucket = index.get(key);
        List<Alert> next = new ArrayList<>(bucket == null ? 1 : bucket.size() + 1);
        if (bucket != null) {
            next.addAll(bucket);
        }
        next.add(a);
        index.put(key, next);
    }

    private void unindex(Alert a) {
        NavigableMap<BigDecimal, List<Alert>> index = indexOf(a);
        BigDecimal key = keyOf(a);
        List<Alert> bucket = index.get(key);
        if (bucket == null) {
            return;
        }
        List<Alert> next = new ArrayList<>(bucket.size());
        for (Alert b : bucket) {
            if (!b.id().equals(a.id())) {
                next.add(b);
            }
        }
        if (next.size() == bucket.size()) {
            return;
        }
        if (next.isEmpty()) {
            index.remove(key);
        } else {
            index.put(key, next);
        }
    }

    boolean isEmpty() {
        return armedAbove.isEmpty() && armedBelow.isEmpty() && disarmedAbove.isEmpty() && disarmedBelow.isEmpty();
    }

    List<Alert> all() {
        List<Alert> list = all;
        if (list == null) {
            List<Alert> out = new ArrayList<>();
            for (NavigableMap<BigDecimal, List<Alert>> index : List.of(armedAbove, armedBelow, disarmedAbove,
                    disarmedBelow)) {
                index.values().forEach(out::addAll);
            }
            list = List.copyOf(out);
            all = list;
        }
        return list;
    }

    /**
     * Every alert whose {@link AlertRule#evaluate} may not be NONE at this price (a superset: cooling-down alerts
     * are included and decline themselves).
     */
    List<Alert> candidates(BigDecimal price) {
        List<Alert> out = null;
        out = collect(out, armedAbove.headMap(price, true).values());
        out = collect(out, armedBelow.tailMap(price, true).values());
        out = collect(out, disarmedAbove.tailMap(price, true).values());
        out = collect(out, disarmedBelow.headMap(price, true).values());
        return out == null ? List.of() : out;
    }

    private static List<Alert> collect(List<Alert> out, Collection<List<Alert>> found) {
        if (found.isEmpty()) {
            return out;
        }
        List<Alert> result = out == null ? new ArrayList<>() : out;
        found.forEach(result::addAll);
        return result;
    }

    /**
     * The same alerts without {@code removed} (exactly as they were indexed: the caller, {@link AlertBook}, has them;
     * one not indexed is ignored) and with {@code added}; a changed alert is in both, old and new. Costs a copy of
     * the four sorted maps (linear, no comparisons) and O(log n) per change, not a rebuild of the index: a firing must
     * not cost a sort of the symbol's alerts. No map by id is kept, so none is copied (it was most of a change's
     * cost).
     */
    SymbolAlerts with(Collection<Alert> removed, Collection<Alert> added) {
        SymbolAlerts next = new SymbolAlerts(this);
        removed.forEach(next::unindex);
        added.forEach(next::index);
        return next;
    }
}
