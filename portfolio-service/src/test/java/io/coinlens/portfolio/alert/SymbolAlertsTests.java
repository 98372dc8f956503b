package io.coinlens.portfolio.alert;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SymbolAlertsTests {

    private static Alert alert(AlertRule.Direction direction, String threshold, String hysteresis, boolean armed) {
        return new Alert(UUID.randomUUID(), "u", "BTC-USDT", direction, new BigDecimal(threshold),
                new BigDecimal(hysteresis), 0, true, armed, armed ? null : Instant.EPOCH, null, Instant.EPOCH);
    }

    @Test
    void aTradeSeesEveryAlertItCanFireOrRearm() {
        Random random = new Random(7);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            AlertRule.Direction direction = random.nextBoolean() ? AlertRule.Direction.ABOVE : AlertRule.Direction.BELOW;
            String threshold = Integer.toString(90 + random.nextInt(21));
            String hysteresis = Integer.toString(random.nextInt(3));
            alerts.add(alert(direction, threshold, hysteresis, random.nextBoolean()));
        }
        SymbolAlerts index = new SymbolAlerts(alerts);
        Instant now = Instant.now();
        for (int p = 85; p <= 115; p++) {
            BigDecimal price = BigDecimal.valueOf(p);
            Set<UUID> candidates = new HashSet<>();
            index.candidates(price).forEach(a -> candidates.add(a.id()));
            // Only the boundary (a disarmed alert exactly at its band's edge with no band) is looked at in vain.
            assertThat((long) candidates.size()).isLessThanOrEqualTo(alerts.stream().filter(a -> a.rule()
                    .evaluate(a.armed(), a.lastTriggeredAt(), price, now) != AlertRule.Decision.NONE
                    || (!a.armed() && a.hysteresis().signum() == 0 && a.threshold().compareTo(price) == 0)).count());
            for (Alert a : alerts) {
                AlertRule.Decision decision = a.rule().evaluate(a.armed(), a.lastTriggeredAt(), price, now);
                if (decision != AlertRule.Decision.NONE) {
                    assertThat(candidates).as("price %s, %s", price, a).contains(a.id());
                }
            }
        }
    }

    @Test
    void aChangeReplacesOneAlertAndMovesItToItsNewIndex() {
        Alert above = alert(AlertRule.Direction.ABOVE, "100", "5", true);
        SymbolAlerts index = new SymbolAlerts(List.of(above));
        assertThat(index.candidates(new BigDecimal("101"))).containsExactly(above);
        Alert fired = new Alert(above.id(), "u", "BTC-USDT", AlertRule.Direction.ABOVE, new BigDecimal("100"),
                new BigDecimal("5"), 0, true, false, Instant.now(), null, Instant.EPOCH);
        SymbolAlerts after = index.with(List.of(above), List.of(fired));
        assertThat(after.candidates(new BigDecimal("101"))).isEmpty();
        assertThat(after.candidates(new BigDecimal("95"))).containsExactly(fired);
        assertThat(index.all()).containsExactly(above);
        assertThat(after.with(List.of(fired), List.of()).all()).isEmpty();
    }

    @Test
    void aChangeMayAddNewAlertsAndRemoveOthersInOneRebuild() {
        Alert kept = alert(AlertRule.Direction.ABOVE, "100", "5", true);
        Alert removed = alert(AlertRule.Direction.BELOW, "90", "5", true);
        Alert added = alert(AlertRule.Direction.ABOVE, "105", "5", true);
        Alert neverIndexed = alert(AlertRule.Direction.ABOVE, "100", "5", true);
        SymbolAlerts after = new SymbolAlerts(List.of(kept, removed)).with(List.of(removed, neverIndexed),
                List.of(added));
        assertThat(after.all()).containsExactlyInAnyOrder(kept, added);
        assertThat(after.candidates(new BigDecimal("106"))).containsExactlyInAnyOrder(kept, added);
    }

    @Test
    void changesAppliedOneByOneGiveTheSameIndexAsBuildingItAfresh() {
        Random random = new Random(11);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            alerts.add(alert(random.nextBoolean() ? AlertRule.Direction.ABOVE : AlertRule.Direction.BELOW,
                    Integer.toString(95 + random.nextInt(11)), Integer.toString(random.nextInt(3)),
                    random.nextBoolean()));
        }
        SymbolAlerts index = new SymbolAlerts(alerts);
        java.util.Map<UUID, Alert> current = new java.util.HashMap<>();
        alerts.forEach(a -> current.put(a.id(), a));
        for (int round = 0; round < 200; round++) {
            java.util.Map<UUID, Alert> changes = new java.util.HashMap<>();
            for (int k = random.nextInt(4); k >= 0; k--) {
                Alert target = alerts.get(random.nextInt(alerts.size()));
                int what = random.nextInt(3);
                Alert replacement = what == 0 ? null : what == 1
                        ? target.withState(!target.armed(), Instant.EPOCH, null)
                        : alert(AlertRule.Direction.ABOVE, Integer.toString(95 + random.nextInt(11)), "1", true);
                UUID id = what == 2 ? replacement.id() : target.id();
                changes.put(id, replacement);
            }
            List<Alert> before = new ArrayList<>();
            List<Alert> after = new ArrayList<>();
            changes.forEach((id, a) -> {
                if (current.containsKey(id)) {
                    before.add(current.get(id));
                }
                if (a != null) {
                    after.add(a);
                }
            });
            index = index.with(before, after);
            changes.forEach((id, a) -> {
                if (a == null) {
                    current.remove(id);
                } else {
                    current.put(id, a);
                }
            });
            SymbolAlerts fresh = new SymbolAlerts(new ArrayList<>(current.values()));
            assertThat(index.all()).containsExactlyInAnyOrderElementsOf(current.values());
            for (int p = 90; p <= 110; p++) {
                BigDecimal price = BigDecimal.valueOf(p);
                assertThat(index.candidates(price)).as("round %d, price %d", round, p)
                        .containsExactlyInAnyOrderElementsOf(fresh.candidates(price));
            }
        }
    }
}
