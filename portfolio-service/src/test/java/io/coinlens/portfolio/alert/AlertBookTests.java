package io.coinlens.portfolio.alert;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The book's bookkeeping of reads and local changes, without a database (reads are handed in). */
class AlertBookTests {

    private final AlertBook book = new AlertBook(null, Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofMinutes(10));

    private static Alert price(String symbol, String threshold, boolean armed) {
        return new Alert(UUID.randomUUID(), "u", symbol, AlertRule.Direction.ABOVE, new BigDecimal(threshold),
                BigDecimal.ONE, 0, true, armed, armed ? null : Instant.EPOCH, null, Instant.EPOCH);
    }

    private static Alert disabled(Alert a) {
        return new Alert(a.id(), a.userId(), a.kind(), a.symbol(), a.direction(), a.threshold(), a.hysteresis(),
                a.cooldownSeconds(), false, a.armed(), a.lastTriggeredAt(), a.note(), a.createdAt(), a.window(),
                a.signalKind(), a.interval(), a.portfolioId(), a.metric(), a.peak());
    }

    private static Alert percentMove(String symbol) {
        return new Alert(UUID.randomUUID(), "u", AlertKind.PERCENT_MOVE, symbol, "UP", BigDecimal.TEN,
                BigDecimal.ONE, 0, true, true, null, null, Instant.EPOCH, Duration.ofMinutes(5), null, null, null,
                null, null);
    }

    private static AlertRepository.Snapshot read(List<Alert> alerts, List<UUID> deleted) {
        return new AlertRepository.Snapshot(1, alerts, deleted);
    }

    private void fullRead(Alert... alerts) {
        book.replaceAll(read(List.of(alerts), List.of()), book.beginRead(), Instant.now());
    }

    private void changes(List<Alert> alerts, List<UUID> deleted) {
        book.apply(read(alerts, deleted), book.beginRead(), Instant.now());
    }

    @Test
    void changesAddReplaceDisableAndDeleteAlertsAndLeaveOtherSymbolsAlone() {
        Alert a1 = price("AAA-USDT", "100", true);
        Alert a2 = price("AAA-USDT", "110", true);
        Alert b1 = price("BBB-USDT", "100", true);
        fullRead(a1, a2, b1);
        List<Alert> untouched = book.forSymbol("BBB-USDT");

        Alert a3 = price("AAA-USDT", "90", true);
        Alert a1Disarmed = a1.withState(false, Instant.now(), null);
        changes(List.of(a3, a1Disarmed, disabled(a2)), List.of());

        assertThat(book.forSymbol("AAA-USDT")).containsExactlyInAnyOrder(a1Disarmed, a3);
        // 99.5: a3 may fire; a1 is not yet back below its band (99).
        assertThat(book.candidates("AAA-USDT", new BigDecimal("99.5"))).containsExactly(a3);
        assertThat(book.forSymbol("BBB-USDT")).isSameAs(untouched);

        changes(List.of(), List.of(a3.id(), a1.id(), UUID.randomUUID()));
        assertThat(book.forSymbol("AAA-USDT")).isEmpty();
        assertThat(book.candidates("AAA-USDT", new BigDecimal("200"))).isEmpty();
        assertThat(book.forSymbol("BBB-USDT")).containsExactly(b1);
    }

    @Test
    void changesReachTheOtherKindsToo() {
        Alert move = percentMove("AAA-USDT");
        fullRead();
        changes(List.of(move), List.of());
        assertThat(book.of(AlertKind.PERCENT_MOVE, "AAA-USDT")).containsExactly(move);
        changes(List.of(), List.of(move.id()));
        assertThat(book.of(AlertKind.PERCENT_MOVE, "AAA-USDT")).isEmpty();
        assertThat(book.all(AlertKind.PERCENT_MOVE)).isEmpty();
    }

    @Test
    void aReadThatStartedBeforeALocalChangeDoesNotUndoItButALaterOneApplies() {
        Alert armed = price("AAA-USDT", "100", true);
        fullRead(armed);

        long started = book.beginRead();
        Alert fired = armed.withState(false, Instant.now(), null);
        book.changed(fired);
        // The read's snapshot may predate the firing: it still shows the alert armed.
        book.apply(read(List.of(armed), List.of()), started, Instant.now());
        assertThat(book.forSymbol("AAA-USDT")).containsExactly(fired);

        book.apply(read(List.of(armed), List.of()), book.beginRead(), Instant.now());
        // A read started after the change saw it: what it says now wins (here, another instance re-armed it).
        assertThat(book.forSymbol("AAA-USDT")).containsExactly(armed);
    }

    @Test
    void aFullReadThatStartedBeforeALocalChangeKeepsIt() {
        Alert armed = price("AAA-USDT", "100", true);
        Alert other = price("AAA-USDT", "120", true);
        fullRead(armed);

        long started = book.beginRead();
        Alert fired = armed.withState(false, Instant.now(), null);
        book.changed(fired);
        book.replaceAll(read(List.of(armed, other), List.of()), started, Instant.now());
        assertThat(book.forSymbol("AAA-USDT")).containsExactlyInAnyOrder(fired, other);
    }

    @Test
    void aLocalChangeToAnAlertTheBookNoLongerHasIsIgnored() {
        Alert armed = price("AAA-USDT", "100", true);
        fullRead(armed);
        changes(List.of(), List.of(armed.id()));
        book.changed(armed.withState(true, null, null));
        assertThat(book.forSymbol("AAA-USDT")).isEmpty();
    }
    @Test
    void aLocalChangeDecidedOnADefinitionItsUserHasChangedSinceIsLeftToTheNextRead() {
        Alert armed = price("AAA-USDT", "100", true);
        fullRead(armed);
        Alert raised = new Alert(armed.id(), "u", "AAA-USDT", AlertRule.Direction.ABOVE, new BigDecimal("200"),
                BigDecimal.ONE, 0, true, true, null, null, Instant.EPOCH);
        changes(List.of(raised), List.of());

        // Decided on the old threshold of 100 (a trade at 150 while the change was being written).
        book.changed(armed.withState(false, Instant.now(), null));

        assertThat(book.forSymbol("AAA-USDT")).containsExactly(raised);
        assertThat(book.candidates("AAA-USDT", new BigDecimal("150"))).isEmpty();
    }

    @Test
    void firingsRearmingsAndReadsLeaveTheIndexAsIfBuiltAfresh() {
        Random random = new Random(5);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            alerts.add(price("AAA-USDT", Integer.toString(95 + random.nextInt(11)), random.nextBoolean()));
        }
        fullRead(alerts.toArray(Alert[]::new));
        for (int round = 0; round < 300; round++) {
            List<Alert> current = book.forSymbol("AAA-USDT");
            List<Alert> changed = new ArrayList<>();
            for (int k = random.nextInt(5); k >= 0; k--) {
                Alert a = current.get(random.nextInt(current.size()));
                changed.add(a.withState(!a.armed(), Instant.EPOCH, null));
            }
            if (random.nextBoolean()) {
                // Local changes; the same alert may be in the batch twice.
                book.changed(changed);
            } else {
                changes(changed, List.of());
            }
            SymbolAlerts fresh = new SymbolAlerts(book.forSymbol("AAA-USDT"));
            assertThat(book.forSymbol("AAA-USDT")).hasSize(200);
            for (int p = 92; p <= 108; p++) {
                BigDecimal price = BigDecimal.valueOf(p);
                assertThat(book.candidates("AAA-USDT", price)).as("round %d, price %d", round, p)
                        .containsExactlyInAnyOrderElementsOf(fresh.candidates(price));
            }
        }
    }
}
