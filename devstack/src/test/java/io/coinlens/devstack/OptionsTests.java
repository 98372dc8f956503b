package io.coinlens.devstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTests {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsStartEverythingAndKeepData() {
        Options options = Options.parse(ROOT);
        assertThat(options.wipe()).isFalse();
        assertThat(options.simulator()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(options.simulatorArgs()).isEmpty();
    }

    @Test
    void simulatorSettingsArePassedThroughUnderItsPrefix() {
        Options options = Options.parse(ROOT, "--wipe", "--sim.replay.series=BTC-USD-4h",
                "--sim.replay.start=2024-06-15T00:00:00Z", "--timeout=90");
        assertThat(options.wipe()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.simulatorArgs()).containsExactly("--coinlens.simulator.replay.series=BTC-USD-4h",
                "--coinlens.simulator.replay.start=2024-06-15T00:00:00Z");
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThatThrownBy(() -> Options.parse(ROOT, "--wpie")).hasMessage("unknown option '--wpie'");
        assertThatThrownBy(() -> Options.parse(ROOT, "--timeout=soon")).hasMessageContaining("number of seconds");
    }
}
