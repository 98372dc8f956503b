package io.coinlens.analytics.candles;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TradeWindowTests {

    @Test
    void recognisesEveryRepeatWithinTheWindowAgainstASetOfSeenIds() {
        TradeWindow window = new TradeWindow();
        TreeSet<Long> seen = new TreeSet<>();
        SplittableRandom random = new SplittableRandom(3);
        long next = 1_000_000;
        for (int i = 0; i < 50_000; i++) {
            long id;
            int roll = random.nextInt(10);
            if (roll < 6 || seen.isEmpty()) {
                next += 1 + random.nextInt(roll == 0 ? 300 : 3);
                id = next;
            } else {
                id = next - random.nextInt(TradeWindow.SIZE - 1);
            }
            boolean expected = !seen.contains(id);
            assertThat(window.firstSeen(id)).as("id %d", id).isEqualTo(expected);
            seen.add(id);
        }
    }

    @Test
    void treatsIdsOlderThanTheWindowAsSeen() {
        TradeWindow window = new TradeWindow();
        assertThat(window.firstSeen(10_000)).isTrue();
        assertThat(window.seen(10_000 - TradeWindow.SIZE)).isTrue();
        assertThat(window.seen(10_000 - TradeWindow.SIZE + 1)).isFalse();
        assertThat(window.firstSeen(10_000 + 2 * TradeWindow.SIZE)).isTrue();
        assertThat(window.seen(10_000)).as("now too old").isTrue();
        assertThat(window.seen(10_000 + 2 * TradeWindow.SIZE - 1)).isFalse();
    }

    @Test
    void survivesASnapshot() throws IOException {
        TradeWindow window = new TradeWindow();
        for (long id = 1; id < 5_000; id += 3) {
            window.firstSeen(id);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        window.write(new DataOutputStream(bytes));
        TradeWindow copy = TradeWindow.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (long id = 4_990; id < 5_000; id++) {
            assertThat(copy.seen(id)).isEqualTo(window.seen(id));
        }
    }
}
