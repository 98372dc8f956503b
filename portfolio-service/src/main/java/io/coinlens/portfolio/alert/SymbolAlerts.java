package io.coinlens.portfolio.alert;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One symbol's enabled alerts, indexed by the price at which each can change state, so a trade looks only at the
 * alerts it can fire or re-arm: O(log n + k) instead of every alert of the symbol. Armed alerts are keyed by their
 * threshold; disarmed ones by the edge of their hysteresis band. Immutable: a change makes a new one, which shares
 * the unchanged buckets.
 */
final class SymbolAlerts {

    static final SymbolAlerts EMPTY = new SymbolAlerts(List.of());

    private final Map<UUID, Alert> byId;
    private final TreeMap<BigDecimal, List<Alert>> armedAbove;
    private final TreeMap<BigDecimal, List<Alert>> armedBelow;
    private final TreeMap<BigDecimal, List<Alert>> disarmedAbove;
    private final TreeMap<BigDecimal, List<Alert>> disarmedBelow;
    private volatile List<Alert> all;

    SymbolAlerts(List<Alert> alerts) {
        this.byId = new HashMap<>();
        this.armedAbove = new TreeMap<>();
        this.armedBelow = new TreeMap<>();
        this.disarmedAbove = new TreeMap<>();
        this.disarmedBelow = new TreeMap<>();
        for (Alert a : alerts) {
            byId.put(a.id(), a);
            index(a);
        }
    }

    /** A copy to change: the maps are copied (in linear time, no comparisons), their bucket lists are shared. */
    private SymbolAlerts(SymbolAlerts from) {
        this.byId = new HashMap<>(from.byId);
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
        if (next.isEmpty()) {
            index.remove(key);
        } else {
            index.put(key, next);
        }
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    List<Alert> all() {
        List<Alert> list = all;
        if (list == null) {
            list = List.copyOf(byId.values());
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

    /** The same alerts with this one replaced, added (a new id) or removed ({@code null}). */
    SymbolAlerts with(UUID id, Alert replacement) {
        return with(Collections.singletonMap(id, replacement));
    }

    /**
     * The same alerts with these replaced, added (new ids) or removed ({@code null} values). Costs a copy of the maps
     * and O(log n) per change, not a rebuild of the index: a firing must not cost a sort of the symbol's alerts.
     */
    SymbolAlerts with(Map<UUID, Alert> replacements) {
        SymbolAlerts next = new SymbolAlerts(this);
        replacements.forEach((id, replacement) -> {
            Alert old = replacement == null ? next.byId.remove(id) : next.byId.put(id, replacement);
            if (old != null) {
                next.unindex(old);
            }
            if (replacement != null) {
                next.index(replacement);
            }
        });
        return next;
    }
}
