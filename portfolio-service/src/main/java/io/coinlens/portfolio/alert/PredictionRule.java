package io.coinlens.portfolio.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import io.coinlens.contracts.Interval;
import io.coinlens.contracts.PredictionMade;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * A prediction alert: one number of each {@code PredictionMade} on its symbol (optionally of one interval) crossing a
 * threshold, with the same band and cooldown as a price alert, so it reuses {@link AlertRule}'s decision with the
 * model's number in place of the price.
 */
record PredictionRule(Metric metric, Interval interval, AlertRule crossing) {

    enum Metric {
        /** The probability, 0 to 1, that the price at the target time is above the price now. */
        PROBABILITY_UP("probability_up"),
        /** The expected log return to the target time. */
        EXPECTED_RETURN("expected_return");

        private final String code;

        Metric(String code) {
            this.code = code;
        }

        @JsonValue
        String code() {
            return code;
        }

        static Optional<Metric> find(String code) {
            String wanted = code.toLowerCase(Locale.ROOT);
            for (Metric m : values()) {
                if (m.code.equals(wanted)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    boolean matches(PredictionMade prediction) {
        return interval == null || interval == prediction.interval();
    }

    /** The metric's value; a double on the wire, taken at its shortest decimal form. */
    BigDecimal value(PredictionMade prediction) {
        return AlertTriggers.plain(BigDecimal.valueOf(metric == Metric.PROBABILITY_UP ? prediction.probabilityUp()
                : prediction.expectedReturn()));
    }
}
