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
 * threshold; disarmed ones by the edge of their hysteresis band. Immutable: a change builds a new one.
 */
final class SymbolAlerts {

    static final SymbolAlerts EMPTY = new SymbolAlerts(List.of());

    private final List<Alert> all;
    private final NavigableMap<BigDecimal, List<Alert>> armedAbove = new TreeMap<>();
    private final NavigableMap<BigDecimal, List<Alert>> armedBelow = new TreeMap<>();
    private final NavigableMap<BigDecimal, List<Alert>> disarmedAbove = new TreeMap<>();
    private final NavigableMap<BigDecimal, List<Alert>> disarmedBelow = new TreeMap<>();

    SymbolAlerts(List<Alert> alerts) {
        this.all = List.copyOf(alerts);
        for (Alert a : all) {
            boolean above = a.priceDirection() == AlertRule.Direction.ABOVE;
            if (a.armed()) {
                add(above ? armedAbove : armedBelow, a.threshold(), a);
            } else if (above) {
                add(disarmedAbove, a.threshold().subtract(a.hysteresis()), a);
            } else {
                add(disarmedBelow, a.threshold().add(a.hysteresis()), a);
            }
        }
    }

    private static void add(NavigableMap<BigDecimal, List<Alert>> index, BigDecimal key, Alert alert) {
        index.computeIfAbsent(key, k -> new ArrayList<>(1)).add(alert);
    }

    List<Alert> all() {
        return all;
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
    SymbolAlerts with(java.util.UUID id, Alert replacement) {
        return with(java.util.Collections.singletonMap(id, replacement));
    }

    /** The same alerts with these replaced, added (new ids) or removed ({@code null} values): one rebuild for all. */
    SymbolAlerts with(java.util.Map<java.util.UUID, Alert> replacements) {
        List<Alert> next = new ArrayList<>(all.size() + replacements.size());
        java.util.Set<java.util.UUID> seen = new java.util.HashSet<>();
        for (Alert a : all) {
            if (!replacements.containsKey(a.id())) {
                next.add(a);
            } else {
                seen.add(a.id());
                if (replacements.get(a.id()) != null) {
                    next.add(replacements.get(a.id()));
                }
            }
        }
        replacements.forEach((id, a) -> {
            if (a != null && !seen.contains(id)) {
                next.add(a);
            }
        });
        return new SymbolAlerts(next);
    }
}
