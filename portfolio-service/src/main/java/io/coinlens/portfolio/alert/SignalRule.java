package io.coinlens.portfolio.alert;

import io.coinlens.contracts.Interval;
import io.coinlens.contracts.SignalRaised;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A signal alert's decision: every {@code SignalRaised} on its symbol that matches the kind, direction and interval it
 * names (each optional; an absent one matches any) fires it, unless it fired less than the cooldown ago. A signal is
 * already a single crossing, raised once, so there is no band to re-arm from.
 */
record SignalRule(String signalKind, SignalRaised.Direction direction, Interval interval, Duration cooldown) {

    boolean matches(SignalRaised signal) {
        return (signalKind == null || signalKind.equals(signal.kind()))
                && (direction == null || direction == signal.direction())
                && (interval == null || interval == signal.interval());
    }

    boolean coolingDown(Instant lastTriggered, Instant time) {
        return lastTriggered != null && time.isBefore(lastTriggered.plus(cooldown));
    }

    /** BULLISH or BEARISH in any case; null for anything else. */
    static SignalRaised.Direction direction(String code) {
        return switch (code.toUpperCase(Locale.ROOT)) {
            case "BULLISH" -> SignalRaised.Direction.BULLISH;
            case "BEARISH" -> SignalRaised.Direction.BEARISH;
            default -> null;
        };
    }
}
