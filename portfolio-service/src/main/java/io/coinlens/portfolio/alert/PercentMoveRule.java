package io.coinlens.portfolio.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A percent-move alert's decision. The move is measured from the window's extreme to the newest price: UP from the
 * lowest price in the window, DOWN from the highest, EITHER the larger of the two. So a rise that happened anywhere
 * inside the window counts, not only one from the price exactly a window ago. It fires when the move reaches
 * {@code percent} while armed and past the cooldown; having fired, it re-arms once the move is back below
 * {@code percent - hysteresis} (percentage points), which the sliding window brings about by itself as the extreme
 * ages out.
 */
record PercentMoveRule(Direction direction, BigDecimal percent, BigDecimal hysteresis, Duration window,
        Duration cooldown) {

    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofHours(24);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    enum Direction { UP, DOWN, EITHER }

    /** The move this rule looks at: its size in percent and whether it was a rise. */
    record Move(BigDecimal percent, boolean up, BigDecimal from) {
    }

    /** The move from the window's low or high to {@code price}; the larger one for EITHER (a rise on a tie). */
    Move move(BigDecimal low, BigDecimal high, BigDecimal price) {
        Move up = new Move(percent(price.subtract(low), low), true, low);
        Move down = new Move(percent(high.subtract(price), high), false, high);
        return switch (direction) {
            case UP -> up;
            case DOWN -> down;
            case EITHER -> up.percent().compareTo(down.percent()) >= 0 ? up : down;
        };
    }

    /**
     * @param watchedSince the oldest trade the window has seen. A disarmed alert re-arms only on a window that can
     *        tell the move has faded: one that saw the firing itself, or one a whole window long. Otherwise the
     *        extreme behind the move may lie before the window (an alert created while its move already held, or
     *        one fired by another instance before a rebalance) and re-arming would fire that same move again.
     */
    AlertRule.Decision evaluate(boolean armed, Instant lastTriggered, Move move, Instant time, Instant watchedSince) {
        int vsPercent = move.percent().compareTo(percent);
        if (armed) {
            boolean coolingDown = lastTriggered != null && time.isBefore(lastTriggered.plus(cooldown));
            return vsPercent >= 0 && !coolingDown ? AlertRule.Decision.FIRE : AlertRule.Decision.NONE;
        }
        boolean back = hysteresis.signum() == 0 ? vsPercent < 0
                : move.percent().compareTo(percent.subtract(hysteresis)) <= 0;
        boolean knows = !watchedSince.isAfter(time.minus(window))
                || (lastTriggered != null && !watchedSince.isAfter(lastTriggered));
        return back && knows ? AlertRule.Decision.REARM : AlertRule.Decision.NONE;
    }

    /**
     * Enough digits that a move exactly at the threshold compares equal (a 5 % move from 60000 is 3000: 5 exactly)
     * while a quotient that does not terminate is cut far below any percent a user would set.
     */
    private static BigDecimal percent(BigDecimal change, BigDecimal base) {
        return AlertTriggers.plain(change.multiply(HUNDRED).divide(base, 12, RoundingMode.HALF_EVEN));
    }
}
