package io.coinlens.contracts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects the rules an event breaks, with the field's name in each reason. */
final class Violations {

    private final List<String> reasons = new ArrayList<>(2);

    Violations notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            reasons.add(field + " is required");
        }
        return this;
    }

    Violations notNull(String field, Object value) {
        if (value == null) {
            reasons.add(field + " is required");
        }
        return this;
    }

    Violations symbol(String field, String value) {
        if (value == null) {
            reasons.add(field + " is required");
        } else if (!Symbols.isSymbol(value)) {
            reasons.add(field + " '" + value + "' is not a canonical symbol like BTC-USDT");
        }
        return this;
    }

    Violations coin(String field, String value) {
        if (value == null) {
            reasons.add(field + " is required");
        } else if (!Symbols.isCoin(value)) {
            reasons.add(field + " '" + value + "' is not a coin like BTC");
        }
        return this;
    }

    Violations positive(String field, BigDecimal value) {
        if (value == null) {
            reasons.add(field + " is required");
        } else if (value.signum() <= 0) {
            reasons.add(field + " must be positive, was " + value.toPlainString());
        }
        return this;
    }

    Violations notNegative(String field, BigDecimal value) {
        if (value == null) {
            reasons.add(field + " is required");
        } else if (value.signum() < 0) {
            reasons.add(field + " must not be negative, was " + value.toPlainString());
        }
        return this;
    }

    Violations notNegative(String field, long value) {
        if (value < 0) {
            reasons.add(field + " must not be negative, was " + value);
        }
        return this;
    }

    Violations epochMillis(String field, long value) {
        if (value <= 0) {
            reasons.add(field + " must be a positive epoch millisecond, was " + value);
        }
        return this;
    }

    Violations finite(String field, double value) {
        if (!Double.isFinite(value)) {
            reasons.add(field + " must be a finite number");
        }
        return this;
    }

    Violations between(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            reasons.add(field + " must be within [" + min + ", " + max + "], was " + value);
        }
        return this;
    }

    Violations oneOf(String field, String value, Collection<String> allowed) {
        if (value == null) {
            reasons.add(field + " is required");
        } else if (!allowed.contains(value)) {
            reasons.add(field + " '" + value + "' is not one of " + allowed);
        }
        return this;
    }

    Violations check(boolean ok, String reason) {
        if (!ok) {
            reasons.add(reason);
        }
        return this;
    }

    List<String> list() {
        return List.copyOf(reasons);
    }
}
